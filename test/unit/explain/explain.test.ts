import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explain, type Explanation, type ValueProvenance } from '../../../src/api/explain.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { runCli } from '../../../src/cli/main.js';
import { renderExplanation } from '../../../src/cli/format/explain-output.js';
import { recordingContext } from '../cli/context.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-explain-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(entries)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

function valueAt(explanation: Explanation, service: string, key: string): ValueProvenance {
  const found = explanation.values.find((entry) => entry.service === service)?.values.find((value) => value.path === key);
  if (!found) throw new Error(`no value ${service}.${key} in the explanation`);
  return found;
}

function written(value: ValueProvenance): string {
  if (value.origin.kind === 'default') return 'default';
  return `${path.relative(dir, value.origin.at.file)}:${value.origin.at.line}:${value.origin.at.column}`;
}

describe('value provenance', () => {
  it('names the -f file that set each value, the later file winning', async () => {
    await files({
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    environment:\n      GREETING: hello\n      KEEP: "1"\n',
      'compose.override.yaml': 'services:\n  web:\n    environment:\n      GREETING: changed\n',
    });
    const explanation = await explain({ workingDir: dir, env: {} });
    expect(valueAt(explanation, 'web', 'environment.GREETING')).toMatchObject({ value: 'changed' });
    expect(written(valueAt(explanation, 'web', 'environment.GREETING'))).toBe('compose.override.yaml:4:17');
    expect(written(valueAt(explanation, 'web', 'environment.KEEP'))).toBe('compose.yaml:6:13');
    expect(written(valueAt(explanation, 'web', 'image'))).toBe('compose.yaml:3:12');
    expect(explanation.configFiles.map((file) => path.basename(file))).toEqual(['compose.yaml', 'compose.override.yaml']);
  });

  it('follows explicit -f files in their order', async () => {
    await files({
      'a.yaml': 'services:\n  web:\n    image: busybox:1\n    restart: always\n',
      'b.yaml': 'services:\n  web:\n    image: busybox:2\n',
    });
    const explanation = await explain({ workingDir: dir, env: {}, files: ['a.yaml', 'b.yaml'] });
    expect(written(valueAt(explanation, 'web', 'image'))).toBe('b.yaml:3:12');
    expect(written(valueAt(explanation, 'web', 'restart'))).toBe('a.yaml:4:14');
  });

  it('points into the extended file, and at the extending service where it overrides', async () => {
    await files({
      'compose.yaml': 'services:\n  worker:\n    extends:\n      file: common/base.yaml\n      service: job\n    user: nobody\n',
      'common/base.yaml': 'services:\n  job:\n    image: busybox\n    user: root\n    command: ["sleep", "60"]\n',
    });
    const explanation = await explain({ workingDir: dir, env: {} });
    expect(written(valueAt(explanation, 'worker', 'image'))).toBe('common/base.yaml:3:12');
    expect(written(valueAt(explanation, 'worker', 'command'))).toBe('common/base.yaml:5:14');
    expect(written(valueAt(explanation, 'worker', 'user'))).toBe('compose.yaml:6:11');
  });

  it('points into an included file', async () => {
    await files({
      'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: busybox\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_DB: app\n',
    });
    const explanation = await explain({ workingDir: dir, env: {} });
    expect(written(valueAt(explanation, 'db', 'image'))).toBe('db/compose.yaml:3:12');
    expect(written(valueAt(explanation, 'db', 'environment.POSTGRES_DB'))).toBe('db/compose.yaml:5:20');
  });

  it('names the env_file line of a value it set, and marks what normalization filled in', async () => {
    await files({
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    env_file: web.env\n    ports: ["8080:80"]\n',
      'web.env': '# settings\nMODE=production\n',
    });
    const explanation = await explain({ workingDir: dir, env: {} });
    expect(written(valueAt(explanation, 'web', 'environment.MODE'))).toBe('web.env:2:1');
    expect(valueAt(explanation, 'web', 'ports[0].protocol').origin).toMatchObject({ kind: 'expanded', from: 'ports[0]' });
    expect(valueAt(explanation, 'web', 'networks.default').origin).toEqual({ kind: 'default' });
  });

  it('narrows to a service and a key path', async () => {
    await files({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n    environment: {A: "1", B: "2"}\n    ports: ["8080:80"]\n  db:\n    image: busybox\n' });
    const byKey = await explain({ workingDir: dir, env: {}, service: 'web', key: 'environment.A' });
    expect(byKey.values).toEqual([{ service: 'web', values: [expect.objectContaining({ path: 'environment.A', value: '1' })] }]);
    const byIndex = await explain({ workingDir: dir, env: {}, service: 'web', key: 'ports.0' });
    expect(byIndex.values[0]?.values.map((value) => value.path)).toEqual(['ports[0].mode', 'ports[0].target', 'ports[0].published', 'ports[0].protocol']);
  });

  it('refuses a service the files do not define, suggesting the nearest', async () => {
    await files({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n' });
    const failure = await explain({ workingDir: dir, env: {}, service: 'wbe' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect(String((failure as ConfigError).message)).toContain('no such service: "wbe"');
    expect((failure as ConfigError).hint).toContain('web');
  });
});

describe('variable provenance', () => {
  const compose = [
    'services:',
    '  web:',
    '    image: "busybox:${TAG:-latest}"',
    '    environment:',
    '      FROM_OS: ${FROM_OS}',
    '      FROM_DOTENV: ${FROM_DOTENV}',
    '      NOTHING: ${NOT_SET}',
    '      PROJECT: ${COMPOSE_PROJECT_NAME}',
    '',
  ].join('\n');

  it('tells each source apart: OS environment, .env line, default, the project name, nothing', async () => {
    await files({ 'compose.yaml': compose, '.env': 'OTHER=x\nFROM_DOTENV=dotenv\n' });
    const explanation = await explain({ workingDir: dir, env: { FROM_OS: 'shell' }, projectName: 'demo' });
    const source = (name: string): unknown => explanation.variables.find((variable) => variable.name === name)?.source;
    expect(source('FROM_OS')).toEqual({ kind: 'os' });
    expect(source('FROM_DOTENV')).toEqual({ kind: 'env-file', file: path.join(dir, '.env'), line: 2 });
    expect(source('NOT_SET')).toEqual({ kind: 'unset' });
    expect(source('COMPOSE_PROJECT_NAME')).toEqual({ kind: 'project-name' });
    const tag = valueAt(explanation, 'web', 'image').variables;
    expect(tag).toEqual([expect.objectContaining({ name: 'TAG', outcome: 'default', source: { kind: 'default', expression: 'latest' } })]);
    expect(valueAt(explanation, 'web', 'environment.FROM_DOTENV').variables[0]).toMatchObject({ value: 'dotenv', outcome: 'value' });
    expect(explanation.variables.find((variable) => variable.name === 'COMPOSE_PROJECT_NAME')?.value).toBe('demo');
  });

  it('names the --env-file and its line, and the default when the variable is set but empty', async () => {
    await files({ 'compose.yaml': compose, 'ci.env': 'FROM_DOTENV=ci\nTAG=\n' });
    const explanation = await explain({ workingDir: dir, env: {}, envFiles: ['ci.env'] });
    expect(explanation.variables.find((variable) => variable.name === 'FROM_DOTENV')?.source).toEqual({
      kind: 'env-file',
      file: path.join(dir, 'ci.env'),
      line: 1,
    });
    expect(valueAt(explanation, 'web', 'image')).toMatchObject({ value: 'busybox:latest' });
    expect(valueAt(explanation, 'web', 'image').variables[0]).toMatchObject({ outcome: 'default', value: '' });
  });

  it('keeps the includer\'s origin for a value an included file uses', async () => {
    await files({
      'compose.yaml': 'include:\n  - sub/compose.yaml\n',
      'sub/compose.yaml': 'services:\n  db:\n    image: "postgres:${PG_TAG}"\n',
      '.env': 'PG_TAG=16\n',
    });
    const explanation = await explain({ workingDir: dir, env: {} });
    expect(explanation.variables.find((variable) => variable.name === 'PG_TAG')?.source).toEqual({
      kind: 'env-file',
      file: path.join(dir, '.env'),
      line: 1,
    });
  });

  it('loads without tracing unless asked', async () => {
    await files({ 'compose.yaml': compose });
    const { loadProject } = await import('../../../src/config/load.js');
    expect((await loadProject({ workingDir: dir, env: {} })).variables).toEqual([]);
  });
});

describe('the env_file-only warning', () => {
  it('warns when a ${VAR} is set only in a service\'s env_file', async () => {
    await files({
      'compose.yaml': 'services:\n  db:\n    image: "postgres:16"\n    env_file: db.env\n    environment:\n      URL: "postgres://app:${DB_PASSWORD}@db/app"\n',
      'db.env': 'DB_PASSWORD=secret\n',
    });
    const explanation = await explain({ workingDir: dir, env: {} });
    expect(explanation.warnings).toHaveLength(1);
    expect(explanation.warnings[0]).toMatchObject({
      variable: 'DB_PASSWORD',
      usedAt: [{ file: path.join(dir, 'compose.yaml'), line: 6, column: 12 }],
      definedAt: [{ service: 'db', at: { file: path.join(dir, 'db.env'), line: 1, column: 1 } }],
    });
    expect(explanation.warnings[0]?.message).toContain('never read for interpolation');
  });

  it('says nothing when the variable is also set where interpolation looks', async () => {
    await files({
      'compose.yaml': 'services:\n  db:\n    image: "postgres:16"\n    env_file: db.env\n    environment:\n      URL: "${DB_PASSWORD}"\n',
      'db.env': 'DB_PASSWORD=secret\n',
      '.env': 'DB_PASSWORD=secret\n',
    });
    expect((await explain({ workingDir: dir, env: {} })).warnings).toEqual([]);
  });
});

describe('profiles', () => {
  it('says which services are active and which profile enables each', async () => {
    await files({
      'compose.yaml': [
        'services:',
        '  web: {image: busybox}',
        '  debug: {image: busybox, profiles: [debug]}',
        '  tools: {image: busybox, profiles: [tools, ops]}',
        '  admin: {image: busybox, profiles: [admin]}',
        '',
      ].join('\n'),
      '.env': 'COMPOSE_PROFILES=tools\n',
    });
    const explanation = await explain({ workingDir: dir, env: {}, profiles: ['debug'] });
    expect(explanation.services).toEqual([
      { service: 'admin', active: false, profiles: ['admin'], enabledBy: [] },
      { service: 'debug', active: true, profiles: ['debug'], enabledBy: ['debug'] },
      { service: 'tools', active: true, profiles: ['tools', 'ops'], enabledBy: ['tools'] },
      { service: 'web', active: true, profiles: [], enabledBy: [] },
    ]);
    expect(explanation.profiles).toEqual([
      { name: 'debug', source: { kind: 'flag' } },
      { name: 'tools', source: { kind: 'variable', origin: { kind: 'env-file', file: path.join(dir, '.env'), line: 1 } } },
    ]);
    const text = renderExplanation(explanation);
    expect(text).toContain('admin  inactive: needs profile "admin", none in force');
    expect(text).toContain('tools  active: profile "tools" in force');
    expect(text).toContain('profiles in force: debug (--profile), tools (COMPOSE_PROFILES in .env:1)');
  });

  it('explains an inactive service from the files', async () => {
    await files({ 'compose.yaml': 'services:\n  debug:\n    image: busybox\n    profiles: [debug]\n' });
    const explanation = await explain({ workingDir: dir, env: {}, service: 'debug' });
    expect(written(valueAt(explanation, 'debug', 'image'))).toBe('compose.yaml:3:12');
  });
});

describe('berth explain', () => {
  it('prints each value with its origin and each variable with its source', async () => {
    await files({
      'compose.yaml': 'services:\n  web:\n    image: "busybox:${TAG:-latest}"\n    environment:\n      GREETING: ${GREETING}\n',
      '.env': 'GREETING=hello\n',
    });
    const context = recordingContext({ cwd: dir, env: {} });
    await runCli(['explain', 'web'], context);
    const text = context.out.join('');
    expect(text).toMatch(/environment\.GREETING = "hello" +compose\.yaml:5:17\n +\$\{GREETING\} = "hello" from \.env:1\n/);
    expect(text).toMatch(/image = "busybox:latest" +compose\.yaml:3:12\n +\$\{TAG\} unset: default "latest" used\n/);
    expect(text).toContain('GREETING  = "hello" from .env:1; used at compose.yaml:5:17');
  });

  it('gives the same answer as JSON', async () => {
    await files({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n' });
    const context = recordingContext({ cwd: dir, env: {} });
    await runCli(['explain', '--format', 'json', 'web', 'image'], context);
    const parsed = JSON.parse(context.out.join('')) as Explanation;
    expect(parsed.values).toEqual([
      {
        service: 'web',
        values: [{ path: 'image', value: 'busybox', origin: { kind: 'written', at: { file: path.join(dir, 'compose.yaml'), line: 3, column: 12 } }, variables: [] }],
      },
    ]);
  });
});
