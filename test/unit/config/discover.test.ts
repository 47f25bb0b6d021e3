import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { discoverFiles } from '../../../src/config/discover.js';

let root: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'berth-discover-')));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function touch(...parts: string[]): Promise<string> {
  const file = path.join(root, ...parts);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, 'services: {}\n');
  return file;
}

describe('discoverFiles', () => {
  it('finds compose.yaml in the working directory', async () => {
    const file = await touch('compose.yaml');
    await expect(discoverFiles({ workingDir: root, env: {} })).resolves.toEqual({
      files: [file],
      projectDir: root,
      fromSearch: true,
    });
  });

  it('searches the parents of the working directory and takes the project directory from the file', async () => {
    const file = await touch('docker-compose.yml');
    const deep = path.join(root, 'a', 'b');
    await mkdir(deep, { recursive: true });
    const found = await discoverFiles({ workingDir: deep, env: {} });
    expect(found.files).toEqual([file]);
    expect(found.projectDir).toBe(root);
  });

  it('stops at the nearest directory that has a compose file', async () => {
    await touch('compose.yaml');
    const inner = await touch('sub', 'compose.yml');
    const found = await discoverFiles({ workingDir: path.join(root, 'sub'), env: {} });
    expect(found.files).toEqual([inner]);
  });

  it('prefers compose.yaml and warns when several names exist in one directory', async () => {
    const preferred = await touch('compose.yaml');
    const other = await touch('docker-compose.yml');
    const warnings: string[] = [];
    const found = await discoverFiles({ workingDir: root, env: {}, onWarning: (m) => warnings.push(m) });
    expect(found.files).toEqual([preferred]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(preferred);
    expect(warnings[0]).toContain(other);
  });

  it('adds the override file beside the compose file found', async () => {
    const base = await touch('compose.yaml');
    const override = await touch('compose.override.yaml');
    const found = await discoverFiles({ workingDir: root, env: {} });
    expect(found.files).toEqual([base, override]);
  });

  it('takes an override file of the other family too, in docker compose order', async () => {
    const base = await touch('docker-compose.yml');
    const override = await touch('compose.override.yml');
    await touch('docker-compose.override.yml');
    const warnings: string[] = [];
    const found = await discoverFiles({ workingDir: root, env: {}, onWarning: (m) => warnings.push(m) });
    expect(found.files).toEqual([base, override]);
    expect(warnings.join('\n')).toContain('override');
  });

  it('does not take an override file from another directory', async () => {
    await touch('compose.override.yaml');
    const base = await touch('sub', 'compose.yaml');
    const found = await discoverFiles({ workingDir: path.join(root, 'sub'), env: {} });
    expect(found.files).toEqual([base]);
  });

  it('resolves -f relative to the working directory, keeps the order and skips the search', async () => {
    await touch('compose.yaml');
    await touch('compose.override.yaml');
    const found = await discoverFiles({ workingDir: root, files: ['conf/a.yaml', '/abs/b.yaml'], env: {} });
    expect(found).toEqual({
      files: [path.join(root, 'conf', 'a.yaml'), '/abs/b.yaml'],
      projectDir: path.join(root, 'conf'),
      fromSearch: false,
    });
  });

  it('reads -f - from standard input, with the working directory as project directory', async () => {
    const found = await discoverFiles({ workingDir: root, files: ['-'], env: {} });
    expect(found).toEqual({ files: ['-'], projectDir: root, fromSearch: false });
  });

  it('splits COMPOSE_FILE on ":" by default', async () => {
    const found = await discoverFiles({ workingDir: root, env: { COMPOSE_FILE: 'a.yaml:sub/b.yaml' } });
    expect(found.files).toEqual([path.join(root, 'a.yaml'), path.join(root, 'sub', 'b.yaml')]);
    expect(found.projectDir).toBe(root);
    expect(found.fromSearch).toBe(false);
  });

  it('splits COMPOSE_FILE on COMPOSE_PATH_SEPARATOR', async () => {
    const found = await discoverFiles({
      workingDir: root,
      env: { COMPOSE_FILE: 'a.yaml;b.yaml', COMPOSE_PATH_SEPARATOR: ';' },
    });
    expect(found.files).toEqual([path.join(root, 'a.yaml'), path.join(root, 'b.yaml')]);
  });

  it('lets -f win over COMPOSE_FILE, and ignores an empty COMPOSE_FILE', async () => {
    const file = await touch('compose.yaml');
    const explicit = await discoverFiles({ workingDir: root, files: ['x.yaml'], env: { COMPOSE_FILE: 'y.yaml' } });
    expect(explicit.files).toEqual([path.join(root, 'x.yaml')]);
    const empty = await discoverFiles({ workingDir: root, env: { COMPOSE_FILE: '' } });
    expect(empty.files).toEqual([file]);
  });

  it('uses --project-directory as project directory and as the start of the search', async () => {
    const file = await touch('app', 'compose.yaml');
    const found = await discoverFiles({ workingDir: root, projectDirectory: 'app', env: {} });
    expect(found).toEqual({ files: [file], projectDir: path.join(root, 'app'), fromSearch: true });
    const withFile = await discoverFiles({ workingDir: root, files: ['x/c.yaml'], projectDirectory: 'app', env: {} });
    expect(withFile.projectDir).toBe(path.join(root, 'app'));
  });

  it('fails with a hint when no compose file is found', async () => {
    const empty = path.join(root, 'empty');
    await mkdir(empty);
    const error: unknown = await discoverFiles({ workingDir: empty, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    if (!(error instanceof ConfigError)) return;
    expect(error.message).toBe('no configuration file provided: not found');
    expect(error.hint).toContain('-f');
  });
});
