import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import type { Environment, VariableOrigin } from '../../../src/config/environment.js';
import { parseCompose, type ParsedDocument } from '../../../src/config/parse.js';
import {
  isValidProjectName,
  normalizeProjectName,
  resolveProjectName,
  type ProjectNameSources,
} from '../../../src/config/project-name.js';

function environment(values: Record<string, string>, origins: Record<string, VariableOrigin> = {}): Environment {
  const map = new Map(Object.entries(values));
  return {
    get: (name: string) => map.get(name),
    values: map,
    origins: new Map(Object.entries(origins)),
    files: [],
  };
}

function documents(...texts: string[]): ParsedDocument[] {
  return texts.flatMap((text, index) => parseCompose(text, `compose${index}.yaml`));
}

function resolve(overrides: Partial<ProjectNameSources>): string {
  return resolveProjectName({
    environment: environment({}),
    documents: [],
    projectDir: '/home/me/my-app',
    interpolate: true,
    ...overrides,
  });
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveProjectName', () => {
  it('falls back to the base name of the project directory, normalized', () => {
    expect(resolve({})).toBe('my-app');
    expect(resolve({ projectDir: '/srv/__My.Web App_2' })).toBe('mywebapp_2');
  });

  it('uses the last non-empty top-level name:', () => {
    const docs = documents('name: first\nservices: {}\n', 'services: {}\n', 'name: second\n', 'name: ""\n');
    expect(resolve({ documents: docs })).toBe('second');
  });

  it('interpolates name: with the environment', () => {
    const docs = documents('name: ${STAGE:-dev}-shop\n');
    expect(resolve({ documents: docs })).toBe('dev-shop');
    expect(resolve({ documents: docs, environment: environment({ STAGE: 'prod' }) })).toBe('prod-shop');
  });

  it('skips a name: that interpolates to nothing', () => {
    const docs = documents('name: base\n', 'name: ${UNSET}\n');
    expect(resolve({ documents: docs })).toBe('base');
  });

  it('takes name: as written under --no-interpolate', () => {
    const docs = documents('name: plain\n');
    expect(resolve({ documents: docs, interpolate: false })).toBe('plain');
  });

  it('prefers COMPOSE_PROJECT_NAME to name:', () => {
    const docs = documents('name: fromfile\n');
    expect(resolve({ documents: docs, environment: environment({ COMPOSE_PROJECT_NAME: 'fromenv' }) })).toBe('fromenv');
  });

  it('prefers -p to everything', () => {
    const docs = documents('name: fromfile\n');
    const env = environment({ COMPOSE_PROJECT_NAME: 'fromenv' });
    expect(resolve({ explicit: 'cli', documents: docs, environment: env })).toBe('cli');
  });

  it('ignores an empty -p and an empty COMPOSE_PROJECT_NAME', () => {
    expect(resolve({ explicit: '', environment: environment({ COMPOSE_PROJECT_NAME: '' }) })).toBe('my-app');
  });

  it('rejects an invalid -p', () => {
    const error = errorOf(() => resolve({ explicit: 'My App' }));
    expect(error.message).toBe(
      `invalid project name "My App": must consist only of lower-case letters, digits, '-' and '_' and start with a letter or digit`,
    );
    expect(error.hint).toContain('-p');
  });

  it('rejects an invalid COMPOSE_PROJECT_NAME, naming the env file it came from', () => {
    const env = environment({ COMPOSE_PROJECT_NAME: '-bad' }, { COMPOSE_PROJECT_NAME: { kind: 'env-file', file: '/p/.env', line: 3 } });
    const error = errorOf(() => resolve({ environment: env }));
    expect(error.message).toMatch(/^\/p\/\.env:3: invalid project name "-bad"/);
  });

  it('normalizes a name: written in the file, as docker compose does', () => {
    expect(resolve({ documents: documents('services: {}\nname: My Shop_Front.End\n') })).toBe('myshop_frontend');
  });

  it('rejects a name: that normalizes to nothing, at its line and column', () => {
    const docs = documents('services: {}\nname: "--"\n');
    const error = errorOf(() => resolve({ documents: docs }));
    expect(error.file).toBe('compose0.yaml');
    expect(error.line).toBe(2);
    expect(error.column).toBe(7);
    expect(error.message).toMatch(/^compose0\.yaml:2:7: name: invalid project name "--"/);
  });

  it('reports a required variable in name: at name:', () => {
    const docs = documents('name: ${STAGE:?set the stage}\n');
    const error = errorOf(() => resolve({ documents: docs }));
    expect(error.line).toBe(1);
    expect(error.message).toContain('set the stage');
  });

  it('fails when the directory name normalizes to nothing', () => {
    const error = errorOf(() => resolve({ projectDir: '/srv/__' }));
    expect(error.message).toBe('project name must not be empty');
  });
});

describe('project name rules', () => {
  it('normalizes: lower case, [a-z0-9_-] only, no leading _ or -', () => {
    expect(normalizeProjectName('-_Hello World.v2')).toBe('helloworldv2');
    expect(normalizeProjectName('a-b_c')).toBe('a-b_c');
  });

  it('accepts only normal names', () => {
    expect(isValidProjectName('web_1-a')).toBe(true);
    expect(isValidProjectName('1abc')).toBe(true);
    expect(isValidProjectName('_abc')).toBe(false);
    expect(isValidProjectName('Abc')).toBe(false);
    expect(isValidProjectName('')).toBe(false);
  });
});
