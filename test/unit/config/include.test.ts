import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { resolveIncludes, type IncludeRequest } from '../../../src/config/include.js';
import { isJsonObject, type JsonObject } from '../../../src/config/json.js';
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

function section(root: JsonObject, name: string): JsonObject {
  const value = root[name];
  if (!isJsonObject(value)) throw new Error(`no ${name}`);
  return value;
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

/** A small stand-in for the loader: parses and merges the files of a request, resolving their includes. */
async function loadProject(request: IncludeRequest): Promise<JsonObject> {
  let merged: JsonObject = {};
  for (const file of request.files) {
    for (const document of parseCompose(await readFile(file, 'utf8'), file)) {
      const data = await resolveIncludes(document.data, {
        file,
        projectDir: request.projectDirectory,
        loadIncluded: loadProject,
      });
      merged = mergeDocuments(merged, data);
    }
  }
  return merged;
}

let dir = '';
const write = async (name: string, text: string): Promise<string> => {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-include-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveIncludes with a fake loader', () => {
  it('asks for each entry with absolute paths and adds its resources', async () => {
    await write('commons/compose.yaml', '');
    await write('commons/override.yaml', '');
    await write('other/compose.yaml', '');
    const main = path.join(dir, 'compose.yaml');
    const root = yaml(
      lines(
        'name: app',
        'include:',
        '  - path: [commons/compose.yaml, ./commons/override.yaml]',
        '  - path: [other/compose.yaml]',
        '    project_directory: .',
        '    env_file: [other/.env, other/dev.env]',
        'services:',
        '  web: {image: web, depends_on: {db: {condition: service_started, required: true}}}',
      ),
      main,
    );
    const requests: IncludeRequest[] = [];
    const projects: JsonObject[] = [
      { name: 'commons', services: { db: { image: 'postgres' } }, volumes: { data: {} }, networks: { back: {} } },
      { services: { cache: { image: 'redis' } }, secrets: { token: { file: '/x/token' } }, configs: { conf: { file: '/x/c' } } },
    ];
    const result = await resolveIncludes(root, {
      file: main,
      projectDir: dir,
      loadIncluded: (request) => {
        requests.push(request);
        return Promise.resolve(projects[requests.length - 1] ?? {});
      },
    });
    expect(requests).toEqual([
      {
        files: [path.join(dir, 'commons/compose.yaml'), path.join(dir, 'commons/override.yaml')],
        projectDirectory: path.join(dir, 'commons'),
      },
      {
        files: [path.join(dir, 'other/compose.yaml')],
        projectDirectory: dir,
        envFiles: [path.join(dir, 'other/.env'), path.join(dir, 'other/dev.env')],
      },
    ]);
    expect(result).not.toHaveProperty('include');
    expect(result.name).toBe('app');
    expect(Object.keys(section(result, 'services')).sort()).toEqual(['cache', 'db', 'web']);
    expect(section(result, 'volumes')).toEqual({ data: {} });
    expect(section(result, 'networks')).toEqual({ back: {} });
    expect(section(result, 'secrets')).toEqual({ token: { file: '/x/token' } });
    expect(section(result, 'configs')).toEqual({ conf: { file: '/x/c' } });
    expect(root).toHaveProperty('include');
  });

  it('returns a document without include unchanged', async () => {
    const root = { services: { a: { image: 'x' } } };
    const result = await resolveIncludes(root, { file: '/p/c.yaml', projectDir: '/p', loadIncluded: () => Promise.reject(new Error('not called')) });
    expect(result).toEqual(root);
  });

  it('merges a local definition over the included one, !reset and !override included', async () => {
    await write('db/compose.yaml', '');
    const main = path.join(dir, 'compose.yaml');
    const root = yaml(
      lines(
        'include: [{path: [db/compose.yaml]}]',
        'services:',
        '  db:',
        '    environment: {POSTGRES_DB: app}',
        '    ports: !reset []',
      ),
      main,
    );
    const result = await resolveIncludes(root, {
      file: main,
      projectDir: dir,
      loadIncluded: () =>
        Promise.resolve({
          services: { db: { image: 'postgres', environment: { POSTGRES_USER: 'u' }, ports: [{ target: 5432, published: '5432' }] } },
        }),
    });
    const db = section(section(result, 'services'), 'db');
    expect(db.image).toBe('postgres');
    expect(db.environment).toEqual({ POSTGRES_USER: 'u', POSTGRES_DB: 'app' });
    // The tag still travels, so it also acts on what earlier files said about db.
    expect(mergeTagOf(db, 'ports')).toBe('reset');
    expect(mergeDocuments({}, result)).toEqual({
      services: { db: { image: 'postgres', environment: { POSTGRES_USER: 'u', POSTGRES_DB: 'app' } } },
    });
  });

  it('accepts a resource two includes define identically, and rejects one they define differently', async () => {
    await write('a/compose.yaml', '');
    await write('b/compose.yaml', '');
    const main = path.join(dir, 'compose.yaml');
    const root = yaml(lines('include:', '  - {path: [a/compose.yaml]}', '  - {path: [b/compose.yaml]}'), main);
    const same = await resolveIncludes(root, {
      file: main,
      projectDir: dir,
      loadIncluded: () => Promise.resolve({ networks: { shared: { name: 'shared' } } }),
    });
    expect(section(same, 'networks')).toEqual({ shared: { name: 'shared' } });

    let calls = 0;
    const error = await failure(
      resolveIncludes(root, {
        file: main,
        projectDir: dir,
        loadIncluded: () => Promise.resolve({ services: { x: { image: `image-${++calls}` } } }),
      }),
    );
    expect(error.reason).toBe('services.x is defined differently by include[0] and include[1]');
    expect(error).toMatchObject({ file: main, line: 3 });
  });

  it('reports a missing included file at the path entry naming it', async () => {
    const main = path.join(dir, 'compose.yaml');
    const root = yaml(lines('include:', '  - path:', '      - db/compose.yaml', '      - db/missing.yaml'), main);
    const error = await failure(
      resolveIncludes(root, { file: main, projectDir: dir, loadIncluded: () => Promise.resolve({}) }),
    );
    expect(error).toMatchObject({ file: main, line: 4, column: 9, path: ['include', 0, 'path', 1] });
    expect(error.reason).toContain('missing.yaml');
  });
});

describe('resolveIncludes with real files', () => {
  it('brings in an included project, nested includes and positions included', async () => {
    await write('real/lib/compose.yaml', lines('include:', '  - path: [../deep/compose.yaml]', 'services:', '  lib:', '    image: lib'));
    await write('real/deep/compose.yaml', lines('services:', '  deep:', '    image: deep'));
    const main = await write('real/compose.yaml', lines('include:', '  - path: [lib/compose.yaml]', 'services:', '  app: {image: app}'));
    const result = await loadProject({ files: [main], projectDirectory: path.dirname(main) });
    expect(section(result, 'services')).toEqual({ lib: { image: 'lib' }, deep: { image: 'deep' }, app: { image: 'app' } });
    expect(locate(result, ['services', 'lib', 'image'])).toEqual({ file: path.join(dir, 'real/lib/compose.yaml'), line: 5, column: 12 });
    expect(locate(result, ['services', 'deep', 'image'])).toMatchObject({ file: path.join(dir, 'real/deep/compose.yaml'), line: 3 });
  });

  it('reports an include cycle naming the files', async () => {
    await write('cycle/a.yaml', lines('include:', '  - path: [b.yaml]', 'services:', '  a: {image: a}'));
    await write('cycle/b.yaml', lines('services:', '  b: {image: b}', 'include:', '  - path: [a.yaml]'));
    const main = path.join(dir, 'cycle/a.yaml');
    const error = await failure(loadProject({ files: [main], projectDirectory: path.dirname(main) }));
    expect(error.reason).toBe('include cycle: a.yaml -> b.yaml -> a.yaml');
    expect(error).toMatchObject({ file: path.join(dir, 'cycle/b.yaml'), line: 4, path: ['include', 0, 'path', 0] });
  });

  it('reports a file including itself', async () => {
    const main = await write('self/compose.yaml', lines('include:', '  - path: [./compose.yaml]'));
    const error = await failure(loadProject({ files: [main], projectDirectory: path.dirname(main) }));
    expect(error.reason).toBe('include cycle: compose.yaml -> compose.yaml');
  });

  it('allows the same file to be included twice when there is no cycle', async () => {
    await write('diamond/common.yaml', lines('networks:', '  shared: {}'));
    await write('diamond/left.yaml', lines('include: [{path: [common.yaml]}]', 'services:', '  left: {image: l}'));
    await write('diamond/right.yaml', lines('include: [{path: [common.yaml]}]', 'services:', '  right: {image: r}'));
    const main = await write('diamond/compose.yaml', lines('include:', '  - path: [left.yaml]', '  - path: [right.yaml]'));
    const result = await loadProject({ files: [main], projectDirectory: path.dirname(main) });
    expect(section(result, 'networks')).toEqual({ shared: {} });
    expect(Object.keys(section(result, 'services'))).toEqual(['left', 'right']);
  });
});
