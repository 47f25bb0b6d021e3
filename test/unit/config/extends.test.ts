import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { resolveExtends, type ExtendsContext } from '../../../src/config/extends.js';
import { isJsonObject, type Json, type JsonObject } from '../../../src/config/json.js';
import { mergeDocuments } from '../../../src/config/merge.js';
import { parseCompose } from '../../../src/config/parse.js';
import { locate, mergeTagOf } from '../../../src/config/source-map.js';

function yaml(text: string, file: string): JsonObject {
  const [document] = parseCompose(text, file);
  if (!document) throw new Error('empty document');
  return document.data;
}

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

function service(root: JsonObject, name: string): JsonObject {
  const services = root.services;
  const found = isJsonObject(services) ? services[name] : undefined;
  if (!isJsonObject(found)) throw new Error(`no service ${name}`);
  return found;
}

/** Makes `build.context` absolute, enough to see which directory a service's paths were taken against. */
function resolveBuildContext(target: JsonObject, baseDir: string): void {
  const build = target.build;
  if (isJsonObject(build) && typeof build.context === 'string') build.context = path.resolve(baseDir, build.context);
}

/** A context whose other files come from `files` (already parsed), counting the reads. */
function fakeContext(file: string, files: Record<string, string>): ExtendsContext & { reads: string[] } {
  const reads: string[] = [];
  return {
    file,
    reads,
    loadFile: (wanted: string): Promise<JsonObject> => {
      reads.push(wanted);
      const text = files[wanted];
      if (text === undefined) return Promise.reject(new ConfigError('no such file', { file: wanted }));
      return Promise.resolve(yaml(text, wanted));
    },
    resolvePaths: resolveBuildContext,
  };
}

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const main = '/proj/compose.yaml';

describe('resolveExtends within one file', () => {
  it('merges the service over its base by the merge rules and drops `extends`', async () => {
    const root = yaml(
      lines(
        'services:',
        '  common:',
        '    image: busybox',
        '    environment: {TZ: utc, PORT: "80"}',
        '    volumes:',
        '      - {type: volume, source: common-volume, target: /var/lib/backup/data}',
        '    security_opt: ["label:role:ROLE"]',
        '  cli:',
        '    extends:',
        '      service: common',
        '    environment: {PORT: "8080"}',
        '    volumes:',
        '      - {type: volume, source: cli-volume, target: /var/lib/backup/data, read_only: true}',
        '    security_opt: ["label:user:USER"]',
      ),
      main,
    );
    const before = structuredClone(root);
    const result = await resolveExtends(root, fakeContext(main, {}));
    expect(service(result, 'cli')).toEqual({
      image: 'busybox',
      environment: { TZ: 'utc', PORT: '8080' },
      volumes: [{ type: 'volume', source: 'cli-volume', target: '/var/lib/backup/data', read_only: true }],
      security_opt: ['label:role:ROLE', 'label:user:USER'],
    });
    expect(service(result, 'common')).toEqual(service(before, 'common'));
    expect(root).toEqual(before);
  });

  it('follows a chain of extends until none is left', async () => {
    const root = yaml(
      lines(
        'services:',
        '  base: {image: busybox, user: root}',
        '  common: {image: busybox, extends: {service: base}}',
        '  cli: {extends: {service: common}}',
      ),
      main,
    );
    const result = await resolveExtends(root, fakeContext(main, {}));
    expect(service(result, 'cli')).toEqual({ image: 'busybox', user: 'root' });
    expect(service(result, 'common')).toEqual({ image: 'busybox', user: 'root' });
  });

  it('inherits every key, dependencies included', async () => {
    const root = yaml(
      lines(
        'services:',
        '  db: {image: postgres}',
        '  base:',
        '    image: app',
        '    depends_on: {db: {condition: service_started, required: true}}',
        '    links: [db]',
        '  web: {extends: {service: base}}',
      ),
      main,
    );
    const web = service(await resolveExtends(root, fakeContext(main, {})), 'web');
    expect(web).toEqual({ image: 'app', depends_on: { db: { condition: 'service_started', required: true } }, links: ['db'] });
  });

  it('keeps the position of each inherited and each local value', async () => {
    const root = yaml(
      lines('services:', '  base:', '    image: busybox', '    user: root', '  cli:', '    extends: {service: base}', '    user: nobody'),
      main,
    );
    const result = await resolveExtends(root, fakeContext(main, {}));
    expect(locate(result, ['services', 'cli', 'image'])).toMatchObject({ file: main, line: 3 });
    expect(locate(result, ['services', 'cli', 'user'])).toMatchObject({ file: main, line: 7 });
  });

  it('applies !reset and !override of the extending service, and keeps them for later files', async () => {
    const root = yaml(
      lines(
        'services:',
        '  base:',
        '    image: app',
        '    ports: [{target: 80, published: "80"}]',
        '    environment: {A: "1", B: "2"}',
        '  web:',
        '    extends: {service: base}',
        '    ports: !reset []',
        '    environment: !override {C: "3"}',
      ),
      main,
    );
    const result = await resolveExtends(root, fakeContext(main, {}));
    const web = service(result, 'web');
    expect(web.environment).toEqual({ C: '3' });
    expect(mergeTagOf(web, 'ports')).toBe('reset');
    expect(mergeTagOf(web, 'environment')).toBe('override');
    // Merged over an earlier file that also defines web, the tags still act.
    const earlier = { services: { web: { image: 'old', ports: [{ target: 22 }], environment: { Z: '0' } } } };
    expect(service(mergeDocuments(earlier, result), 'web')).toEqual({ image: 'app', environment: { C: '3' } });
  });

  it('reports a loop naming the chain, at the extends key that closes it', async () => {
    const root = yaml(
      lines('services:', '  a:', '    image: x', '    extends: {service: b}', '  b:', '    extends: {service: a}'),
      main,
    );
    const error = await failure(resolveExtends(root, fakeContext(main, {})));
    expect(error.reason).toBe('extends loop: a -> b -> a');
    expect(error).toMatchObject({ file: main, line: 6, column: 5, path: ['services', 'b', 'extends'] });
  });

  it('reports a service extending itself', async () => {
    const root = yaml(lines('services:', '  a:', '    extends: {service: a}'), main);
    expect((await failure(resolveExtends(root, fakeContext(main, {})))).reason).toBe('extends loop: a -> a');
  });

  it('reports an unknown base service with the nearest name as a hint', async () => {
    const root = yaml(lines('services:', '  common: {image: x}', '  cli:', '    extends: {service: comon}'), main);
    const error = await failure(resolveExtends(root, fakeContext(main, {})));
    expect(error.reason).toBe('extends an unknown service "comon"');
    expect(error.hint).toBe('did you mean "common"?');
    expect(error).toMatchObject({ file: main, line: 4, path: ['services', 'cli', 'extends', 'service'] });
  });

  it('follows the spec on healthcheck.disable', async () => {
    const text = (baseDisable: string) =>
      lines(
        'services:',
        `  base: {image: x, healthcheck: {test: ["CMD", "true"]${baseDisable}}}`,
        '  web:',
        '    extends: {service: base}',
        '    healthcheck: {disable: true}',
      );
    const error = await failure(resolveExtends(yaml(text(''), main), fakeContext(main, {})));
    expect(error).toMatchObject({ line: 5, path: ['services', 'web', 'healthcheck', 'disable'] });
    const allowed = await resolveExtends(yaml(text(', disable: true'), main), fakeContext(main, {}));
    expect(service(allowed, 'web').healthcheck).toMatchObject({ disable: true });
  });
});

describe('resolveExtends across files', () => {
  const files = {
    '/proj/sub/common.yaml': lines(
      'services:',
      '  webapp:',
      '    build: {context: ./app}',
      '    environment: {FROM: common}',
      '    extends: {service: root, file: ../lib/base.yaml}',
      '  other: {image: other}',
    ),
    '/proj/lib/base.yaml': lines('services:', '  root:', '    image: base', '    user: root', '    build: {context: ./root}'),
  };

  it('loads the base from its file, relative to the extending file, with its paths made absolute', async () => {
    const root = yaml(
      lines('services:', '  web:', '    extends: {service: webapp, file: sub/common.yaml}', '    environment: {LOCAL: "1"}'),
      main,
    );
    const ctx = fakeContext(main, files);
    const result = await resolveExtends(root, ctx);
    expect(service(result, 'web')).toEqual({
      image: 'base',
      user: 'root',
      build: { context: '/proj/sub/app' },
      environment: { FROM: 'common', LOCAL: '1' },
    });
    expect(ctx.reads).toEqual(['/proj/sub/common.yaml', '/proj/lib/base.yaml']);
    expect(locate(result, ['services', 'web', 'user'])).toMatchObject({ file: '/proj/lib/base.yaml', line: 4 });
  });

  it('reads each file once per loader', async () => {
    const root = yaml(
      lines(
        'services:',
        '  a: {extends: {service: other, file: sub/common.yaml}}',
        '  b: {extends: {service: other, file: ./sub/common.yaml}}',
      ),
      main,
    );
    const ctx = fakeContext(main, files);
    await resolveExtends(root, ctx);
    await resolveExtends(root, ctx);
    expect(ctx.reads).toEqual(['/proj/sub/common.yaml']);
  });

  it('names the file of an unknown base service', async () => {
    const root = yaml(lines('services:', '  a: {extends: {service: nope, file: lib/base.yaml}}'), main);
    const error = await failure(resolveExtends(root, fakeContext(main, files)));
    expect(error.reason).toBe('extends an unknown service "nope" in /proj/lib/base.yaml');
    expect(error.hint).toBe('services defined there: root');
  });

  it('reports a missing file at the extends.file that names it', async () => {
    const root = yaml(lines('services:', '  a:', '    extends:', '      service: x', '      file: missing.yaml'), main);
    const error = await failure(resolveExtends(root, fakeContext(main, files)));
    expect(error).toMatchObject({ file: main, line: 5, path: ['services', 'a', 'extends', 'file'] });
    expect(error.reason).toContain('/proj/missing.yaml');
  });

  it('reports a loop that goes through another file', async () => {
    const loopFiles = { '/proj/other.yaml': lines('services:', '  b:', '    extends: {service: a, file: compose.yaml}') };
    const root = yaml(lines('services:', '  a:', '    extends: {service: b, file: other.yaml}'), main);
    const error = await failure(resolveExtends(root, fakeContext(main, loopFiles)));
    expect(error.reason).toBe('extends loop: a -> b (other.yaml) -> a');
    expect(error).toMatchObject({ file: '/proj/other.yaml', line: 3 });
  });
});

describe('resolveExtends with real files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'berth-extends-'));
    await mkdir(path.join(dir, 'shared'));
    await writeFile(path.join(dir, 'shared', 'base.yaml'), lines('services:', '  api:', '    image: api:1', '    cap_add: [NET_ADMIN]'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the base through the loader callback', async () => {
    const file = path.join(dir, 'compose.yaml');
    await writeFile(file, lines('services:', '  api:', '    extends: {file: shared/base.yaml, service: api}', '    cap_add: [SYS_TIME]'));
    const loadFile = async (wanted: string): Promise<JsonObject> => yaml(await readFile(wanted, 'utf8'), wanted);
    const root = yaml(await readFile(file, 'utf8'), file);
    const resolved: string[] = [];
    const result = await resolveExtends(root, {
      file,
      loadFile,
      resolvePaths: (_service: JsonObject, baseDir: string) => resolved.push(baseDir),
    });
    expect(service(result, 'api') as Json).toEqual({ image: 'api:1', cap_add: ['NET_ADMIN', 'SYS_TIME'] });
    expect(resolved).toEqual([path.join(dir, 'shared')]);
  });
});
