import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DockerConfigError,
  dockerConfigFile,
  loadDockerConfig,
  parseDockerConfig,
  type ReadConfigFile,
} from '../../../../src/engine/auth/docker-config.js';

const HOME = '/home/ada';
const FILE = '/home/ada/.docker/config.json';

function basic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`).toString('base64');
}

function files(entries: Record<string, string>): ReadConfigFile {
  return (file) => entries[file];
}

function parse(config: unknown) {
  return parseDockerConfig(JSON.stringify(config), FILE);
}

function thrown(run: () => unknown): DockerConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DockerConfigError);
    return error as DockerConfigError;
  }
  throw new Error('expected a DockerConfigError');
}

describe('dockerConfigFile', () => {
  it('is ~/.docker/config.json unless DOCKER_CONFIG names another directory', () => {
    expect(dockerConfigFile({}, HOME)).toBe(FILE);
    expect(dockerConfigFile({ DOCKER_CONFIG: '' }, HOME)).toBe(FILE);
    expect(dockerConfigFile({ DOCKER_CONFIG: '/ci/docker' }, HOME)).toBe('/ci/docker/config.json');
  });
});

describe('loadDockerConfig', () => {
  it('reads no file as an empty configuration', () => {
    const config = loadDockerConfig({}, HOME, files({}));
    expect(config).toEqual({ file: FILE, auths: new Map(), credsStore: undefined, credHelpers: new Map() });
  });

  it('reads an empty file as an empty configuration, as the CLI does', () => {
    expect(loadDockerConfig({}, HOME, files({ [FILE]: '  \n' })).auths.size).toBe(0);
  });

  it('decodes the auth field into username and password', () => {
    const config = parse({ auths: { 'ghcr.io': { auth: basic('ada', 'pa:ss') } } });
    expect(config.auths.get('ghcr.io')).toEqual({ username: 'ada', password: 'pa:ss' });
  });

  it('takes username and password fields written as they are', () => {
    const config = parse({ auths: { 'registry.example': { username: 'ada', password: 'secret' } } });
    expect(config.auths.get('registry.example')).toEqual({ username: 'ada', password: 'secret' });
  });

  it('lets auth win over username and password written beside it', () => {
    const config = parse({ auths: { r: { auth: basic('ada', 'new'), username: 'old', password: 'old' } } });
    expect(config.auths.get('r')).toEqual({ username: 'ada', password: 'new' });
  });

  it('keeps identity and registry tokens', () => {
    const config = parse({
      auths: {
        'https://index.docker.io/v1/': { identitytoken: 'refresh-token' },
        'bearer.example': { registrytoken: 'bearer-token' },
      },
    });
    expect(config.auths.get('https://index.docker.io/v1/')).toEqual({ identitytoken: 'refresh-token' });
    expect(config.auths.get('bearer.example')).toEqual({ registrytoken: 'bearer-token' });
  });

  it('reads credsStore and credHelpers, ignoring empty names and sections Go wrote as null', () => {
    const config = parse({ auths: null, credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud', 'x.example': '' } });
    expect(config.credsStore).toBe('desktop');
    expect(config.credHelpers).toEqual(new Map([['gcr.io', 'gcloud']]));
    expect(parse({ credsStore: '' }).credsStore).toBeUndefined();
  });

  it('keeps a key named __proto__ as an ordinary key', () => {
    const config = parseDockerConfig('{"auths": {"__proto__": {"username": "u", "password": "p"}}}', FILE);
    expect(config.auths.get('__proto__')).toEqual({ username: 'u', password: 'p' });
  });

  it('tolerates a byte order mark', () => {
    expect(parseDockerConfig('\uFEFF{"credsStore": "pass"}', FILE).credsStore).toBe('pass');
  });

  describe('with DOCKER_CONFIG on disk', () => {
    let root: string;
    beforeEach(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'berth-docker-config-'));
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('reads config.json from the directory DOCKER_CONFIG names', async () => {
      await mkdir(path.join(root, 'cfg'));
      await writeFile(path.join(root, 'cfg', 'config.json'), JSON.stringify({ auths: { '127.0.0.1:5001': { auth: basic('berth', 'berth-secret') } } }));
      const config = loadDockerConfig({ DOCKER_CONFIG: path.join(root, 'cfg') }, path.join(root, 'home'));
      expect(config.file).toBe(path.join(root, 'cfg', 'config.json'));
      expect(config.auths.get('127.0.0.1:5001')).toEqual({ username: 'berth', password: 'berth-secret' });
    });

    it('reads a missing directory as no configuration', () => {
      expect(loadDockerConfig({ DOCKER_CONFIG: path.join(root, 'absent') }, root).auths.size).toBe(0);
    });

    it('reports a config.json that is a directory', async () => {
      await mkdir(path.join(root, 'config.json'));
      const error = thrown(() => loadDockerConfig({ DOCKER_CONFIG: root }, root));
      expect(error.message).toBe(`cannot read ${path.join(root, 'config.json')}: EISDIR`);
    });
  });

  describe('faults', () => {
    it('names the file, line and column of invalid JSON, without quoting its text', () => {
      const text = '{\n  "auths": {\n    "ghcr.io": { "auth": "c2VjcmV0LXZhbHVl" }\n  },\n}\n';
      const error = thrown(() => parseDockerConfig(text, FILE));
      expect(error.code).toBe('docker-config');
      expect(error.message).toBe(`${FILE}:5:1: invalid JSON: expected a property name in double quotes (is there a trailing comma?)`);
      expect(error.message).not.toContain('c2VjcmV0');
      expect(error.cause).toBeUndefined();
    });

    it('places other JSON faults', () => {
      const at = (text: string) => thrown(() => parseDockerConfig(text, FILE)).message.slice(FILE.length);
      expect(at('{"a": }')).toBe(':1:7: invalid JSON: expected a value (an object, array, string, number, true, false or null)');
      expect(at('{"a": 1 "b": 2}')).toBe(':1:9: invalid JSON: expected "," or "}" after a property value');
      expect(at('{"a": "x')).toBe(':1:7: invalid JSON: unterminated string');
      expect(at('{"a": "x\ny"}')).toBe(':1:9: invalid JSON: control character (such as a line break) inside a string');
      expect(at('{"a": [1, 2')).toBe(':1:12: invalid JSON: unexpected end of file, expected "," or "]"');
      expect(at('{} {}')).toBe(':1:4: invalid JSON: unexpected text after the end of the top-level value');
      expect(at('{"a": -x}')).toBe(':1:7: invalid JSON: invalid number');
    });

    it('refuses a top level that is not an object, and fields of the wrong type', () => {
      expect(thrown(() => parseDockerConfig('[]', FILE)).message).toBe(`${FILE}: the top level must be a JSON object`);
      expect(thrown(() => parse({ auths: [] })).message).toBe(`${FILE}: auths must be an object`);
      expect(thrown(() => parse({ auths: { r: { auth: 5 } } })).message).toBe(`${FILE}: auths["r"].auth must be a string`);
      expect(thrown(() => parse({ credHelpers: { r: true } })).message).toBe(`${FILE}: credHelpers["r"] must be a string`);
    });

    it('refuses an auth field that is not base64 of user:password, without quoting it', () => {
      for (const auth of ['not base64!', Buffer.from('no-colon-secret').toString('base64'), Buffer.from(':secret').toString('base64')]) {
        const error = thrown(() => parse({ auths: { 'ghcr.io': { auth } } }));
        expect(error.message).toBe(`${FILE}: auths["ghcr.io"].auth is not the base64 encoding of "user:password"`);
        expect(`${error.message} ${error.hint ?? ''}`).not.toContain('secret');
      }
    });

    it('refuses a helper name that is a path', () => {
      expect(thrown(() => parse({ credsStore: '../../bin/sh' })).message).toContain('credsStore must name a credential helper');
      expect(thrown(() => parse({ credHelpers: { r: '/usr/bin/env' } })).message).toContain('credHelpers["r"] must name a credential helper');
    });
  });
});
