import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadEnvironment } from '../../../src/config/environment.js';

let root: string;
let projectDir: string;
let workingDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'berth-env-'));
  projectDir = path.join(root, 'project');
  workingDir = path.join(root, 'cwd');
  await mkdir(projectDir);
  await mkdir(workingDir);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadEnvironment', () => {
  it('reads the OS environment and the project .env', async () => {
    await writeFile(path.join(projectDir, '.env'), 'TAG=1.0\n# c\nPORT=80\n');
    const environment = await loadEnvironment({ projectDir, workingDir, osEnv: { USER: 'me', UNSET: undefined } });
    expect(Object.fromEntries(environment.values)).toEqual({ USER: 'me', TAG: '1.0', PORT: '80' });
    expect(environment.get('TAG')).toBe('1.0');
    expect(environment.get('UNSET')).toBeUndefined();
    expect(environment.files).toEqual([path.join(projectDir, '.env')]);
    expect(environment.origins.get('USER')).toEqual({ kind: 'os' });
    expect(environment.origins.get('PORT')).toEqual({ kind: 'env-file', file: path.join(projectDir, '.env'), line: 3 });
  });

  it('lets the OS environment win over the .env file', async () => {
    await writeFile(path.join(projectDir, '.env'), 'TAG=file\n');
    const environment = await loadEnvironment({ projectDir, workingDir, osEnv: { TAG: 'os' } });
    expect(environment.get('TAG')).toBe('os');
    expect(environment.origins.get('TAG')).toEqual({ kind: 'os' });
  });

  it('is fine without a default .env, or with a directory of that name', async () => {
    expect((await loadEnvironment({ projectDir, workingDir, osEnv: {} })).files).toEqual([]);
    await mkdir(path.join(projectDir, '.env'));
    expect((await loadEnvironment({ projectDir, workingDir, osEnv: {} })).files).toEqual([]);
  });

  it('skips the default .env when COMPOSE_DISABLE_ENV_FILE is true', async () => {
    await writeFile(path.join(projectDir, '.env'), 'TAG=file\n');
    for (const flag of ['true', '1', 'TRUE']) {
      const environment = await loadEnvironment({ projectDir, workingDir, osEnv: { COMPOSE_DISABLE_ENV_FILE: flag } });
      expect(environment.get('TAG')).toBeUndefined();
    }
    const kept = await loadEnvironment({ projectDir, workingDir, osEnv: { COMPOSE_DISABLE_ENV_FILE: 'false' } });
    expect(kept.get('TAG')).toBe('file');
  });

  it('reads explicit env files relative to the working directory instead of .env, later ones winning', async () => {
    await writeFile(path.join(projectDir, '.env'), 'FROM_DEFAULT=1\n');
    await writeFile(path.join(workingDir, 'a.env'), 'TAG=a\nONLY_A=a\n');
    await writeFile(path.join(workingDir, 'b.env'), '\nTAG=b\n');
    const environment = await loadEnvironment({ projectDir, workingDir, envFiles: ['a.env', 'b.env'], osEnv: {} });
    expect(Object.fromEntries(environment.values)).toEqual({ TAG: 'b', ONLY_A: 'a' });
    expect(environment.files).toEqual([path.join(workingDir, 'a.env'), path.join(workingDir, 'b.env')]);
    expect(environment.origins.get('TAG')).toEqual({ kind: 'env-file', file: path.join(workingDir, 'b.env'), line: 2 });
  });

  it('reads COMPOSE_ENV_FILES when no env file is given', async () => {
    await writeFile(path.join(workingDir, 'a.env'), 'TAG=a\n');
    await writeFile(path.join(workingDir, 'b.env'), 'TAG=b\n');
    const environment = await loadEnvironment({
      projectDir,
      workingDir,
      osEnv: { COMPOSE_ENV_FILES: 'a.env, b.env,' },
    });
    expect(environment.get('TAG')).toBe('b');
  });

  it('prefers envFiles over COMPOSE_ENV_FILES', async () => {
    await writeFile(path.join(workingDir, 'a.env'), 'TAG=a\n');
    const environment = await loadEnvironment({
      projectDir,
      workingDir,
      envFiles: ['a.env'],
      osEnv: { COMPOSE_ENV_FILES: 'missing.env' },
    });
    expect(environment.get('TAG')).toBe('a');
  });

  it('interpolates from the OS first, then earlier lines of the file, then earlier files', async () => {
    await writeFile(path.join(workingDir, 'a.env'), 'TAG=a\nBASE=a\n');
    await writeFile(path.join(workingDir, 'b.env'), 'TAG=b\nIMAGE=app:${TAG}-${BASE}-${USER}\n');
    const environment = await loadEnvironment({
      projectDir,
      workingDir,
      envFiles: ['a.env', 'b.env'],
      osEnv: { USER: 'me' },
    });
    expect(environment.get('IMAGE')).toBe('app:b-a-me');
  });

  it('inherits a key written alone without unsetting an earlier value', async () => {
    await writeFile(path.join(workingDir, 'a.env'), 'TAG=a\n');
    await writeFile(path.join(workingDir, 'b.env'), 'TAG\n');
    const environment = await loadEnvironment({ projectDir, workingDir, envFiles: ['a.env', 'b.env'], osEnv: {} });
    expect(environment.get('TAG')).toBe('a');
  });

  it('fails for a missing explicit env file, naming it', async () => {
    const missing = path.join(workingDir, 'nope.env');
    const attempt = loadEnvironment({ projectDir, workingDir, envFiles: ['nope.env'], osEnv: {} });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toMatchObject({ message: `${missing}: env file not found`, file: missing });
  });

  it('fails for a missing file named in COMPOSE_ENV_FILES', async () => {
    const attempt = loadEnvironment({ projectDir, workingDir, osEnv: { COMPOSE_ENV_FILES: 'nope.env' } });
    await expect(attempt).rejects.toMatchObject({ file: path.join(workingDir, 'nope.env') });
  });

  it('reports a syntax error with the env file, line and column', async () => {
    const file = path.join(projectDir, '.env');
    await writeFile(file, 'A=1\nB="open\n');
    await expect(loadEnvironment({ projectDir, workingDir, osEnv: {} })).rejects.toMatchObject({
      message: `${file}:2:3: unterminated quoted value: no closing " found`,
      file,
      line: 2,
      column: 3,
    });
  });
});
