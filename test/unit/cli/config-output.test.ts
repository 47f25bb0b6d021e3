import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  collectVariables,
  environmentLines,
  renderModel,
  renderVariables,
  selectServices,
  serviceHashes,
  serviceNames,
} from '../../../src/api/config.js';
import { runCli } from '../../../src/cli/main.js';
import { parseCompose } from '../../../src/config/parse.js';
import { serviceConfigHash } from '../../../src/model/config-hash.js';
import { recordingContext } from './context.js';
import { fakeProject } from './fake-project.js';

const loader = vi.hoisted(() => ({
  loadProject: vi.fn(),
  loadComposeDocuments: vi.fn(),
}));

vi.mock('../../../src/api/load-project.js', () => loader);

const COMPOSE_WITH_VARIABLES = [
  'name: ${PROJECT:-shop}',
  'services:',
  '  web:',
  '    image: "nginx:${TAG:?set TAG}"',
  '    environment:',
  '      DEBUG: ${DEBUG:+--verbose}',
  '      # ${COMMENTED} is not a value',
  '      ${KEY_NOT_VALUE}: x',
  '      HOME_DIR: $HOME',
  '      COST: $$5',
].join('\n');

describe('collectVariables and renderVariables', () => {
  const rows = collectVariables(parseCompose(COMPOSE_WITH_VARIABLES, 'compose.yaml'));

  it('lists the variables string values use, not keys or comments, sorted', () => {
    expect(rows).toEqual([
      { name: 'DEBUG', required: false, defaultValue: '', alternateValue: '--verbose' },
      { name: 'HOME', required: false, defaultValue: '', alternateValue: '' },
      { name: 'PROJECT', required: false, defaultValue: 'shop', alternateValue: '' },
      { name: 'TAG', required: true, defaultValue: '', alternateValue: '' },
    ]);
  });

  it('prints an aligned table', () => {
    expect(renderVariables(rows)).toBe(
      [
        'NAME      REQUIRED   DEFAULT VALUE   ALTERNATE VALUE',
        'DEBUG     false                      --verbose',
        'HOME      false',
        'PROJECT   false      shop',
        'TAG       true',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON keyed by name', () => {
    const json = JSON.parse(renderVariables(rows, 'json')) as Record<string, unknown>;
    expect(json.TAG).toEqual({ Name: 'TAG', DefaultValue: '', PresenceValue: '', Required: true });
  });

  it('merges several uses of one variable', () => {
    const merged = collectVariables(parseCompose('a: ${X}\nb: ${X:-d}\nc: ${X?need}\n', 'c.yaml'));
    expect(merged).toEqual([{ name: 'X', required: true, defaultValue: 'd', alternateValue: '' }]);
  });

  it('is what `config --variables` prints', async () => {
    loader.loadComposeDocuments.mockResolvedValue({
      files: ['/p/compose.yaml'],
      documents: parseCompose(COMPOSE_WITH_VARIABLES, '/p/compose.yaml'),
    });
    const context = recordingContext();
    expect(await runCli(['config', '--variables'], context)).toBe(0);
    expect(context.out.join('')).toBe(renderVariables(rows));
    expect(loader.loadProject).not.toHaveBeenCalled();
  });
});

describe('the model views', () => {
  it('renders YAML without anchors when values are shared', () => {
    const shared = { A: '1' };
    const model = { name: 'p', services: { a: { environment: shared }, b: { environment: shared } } };
    const text = renderModel(model as unknown as Parameters<typeof renderModel>[0], 'yaml');
    expect(text).not.toContain('&');
    expect(text).not.toContain('*');
  });

  it('keeps a selected service with its dependencies, transitively', () => {
    const project = fakeProject();
    const model = selectServices(project.model, ['worker']);
    expect(serviceNames(model)).toEqual(['db', 'worker']);
    expect(selectServices(project.model, [])).toBe(project.model);
  });

  it('hashes services with the model hash', () => {
    const project = fakeProject();
    const services = (project.model as unknown as { services: Record<string, object> }).services;
    const [hash] = serviceHashes(project.model, 'db');
    expect(hash).toEqual({ service: 'db', hash: serviceConfigHash(services.db ?? {}) });
    expect(serviceHashes(project.model, 'web, db').map((item) => item.service)).toEqual(['web', 'db']);
    expect(() => serviceHashes(project.model, 'nope')).toThrow('no such service: nope');
  });

  it('keeps an explicit COMPOSE_PROJECT_NAME in the environment', () => {
    const project = fakeProject();
    const values = new Map([['COMPOSE_PROJECT_NAME', 'other']]);
    expect(environmentLines({ ...project, environment: { ...project.environment, values } })).toEqual([
      'COMPOSE_PROJECT_NAME=other',
    ]);
  });
});

describe('config --output', () => {
  it('writes to the file instead of standard output', async () => {
    loader.loadProject.mockResolvedValue(fakeProject());
    const dir = await mkdtemp(path.join(tmpdir(), 'berth-output-'));
    try {
      const context = recordingContext({ cwd: dir });
      expect(await runCli(['config', '--services', '-o', 'services.txt'], context)).toBe(0);
      expect(context.out).toEqual([]);
      expect(await readFile(path.join(dir, 'services.txt'), 'utf8')).toBe('db\nweb\nworker\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a file it cannot write as an error', async () => {
    loader.loadProject.mockResolvedValue(fakeProject());
    const context = recordingContext({ cwd: '/nonexistent-dir-for-berth' });
    expect(await runCli(['config', '-o', 'x/y.yaml'], context)).toBe(1);
    expect(context.err[0]).toMatch(/^error: cannot write \/nonexistent-dir-for-berth\/x\/y\.yaml: ENOENT/);
  });
});
