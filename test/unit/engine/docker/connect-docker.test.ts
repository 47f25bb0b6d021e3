import { readdir, readFile } from 'node:fs/promises';
import type { Agent } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

// Counts how often docker-modem is loaded, and keeps what it was constructed with.
const modem = vi.hoisted(() => ({ loads: 0, constructed: [] as Record<string, unknown>[] }));

vi.mock('docker-modem', () => {
  modem.loads += 1;
  class FakeModem {
    constructor(options: Record<string, unknown>) {
      modem.constructed.push(options);
    }
    dial(): void {}
  }
  return { default: FakeModem };
});

const dockerDir = fileURLToPath(new URL('../../../../src/engine/docker/', import.meta.url));

describe('connectDocker', () => {
  it('loads docker-modem only when a backend is made', async () => {
    const { connectDocker } = await import('../../../../src/engine/docker/docker-backend.js');
    expect(modem.loads).toBe(0);

    const backend = await connectDocker({ DOCKER_HOST: 'unix:///tmp/berth-test.sock' }, { homeDir: '/nonexistent', readFile: () => undefined });
    expect(modem.loads).toBe(1);
    expect(backend.endpoint).toBe('unix:///tmp/berth-test.sock');

    const options = modem.constructed[0] ?? {};
    expect(options).toMatchObject({ socketPath: '/tmp/berth-test.sock', protocol: 'http', host: undefined, version: undefined });
    // Every connection goes through one keep-alive agent.
    expect((options.agent as Agent & { keepAlive: boolean }).keepAlive).toBe(true);
    backend.close();
  });

  it('passes a tcp endpoint on, with no agent for ssh', async () => {
    const { connectDocker } = await import('../../../../src/engine/docker/docker-backend.js');
    const tcp = await connectDocker({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, { homeDir: '/nonexistent', readFile: () => undefined });
    expect(modem.constructed.at(-1)).toMatchObject({ host: '10.0.0.5', port: 2375, protocol: 'http', socketPath: undefined });
    tcp.close();
    const ssh = await connectDocker({ DOCKER_HOST: 'ssh://me@box' }, { homeDir: '/nonexistent', readFile: () => undefined });
    expect(modem.constructed.at(-1)).toMatchObject({ host: 'box', protocol: 'ssh', username: 'me', agent: undefined });
    ssh.close();
  });

  it('is the only place that loads docker-modem at run time', async () => {
    const sources = (await readdir(dockerDir)).filter((file) => file.endsWith('.ts'));
    for (const file of sources) {
      const text = await readFile(path.join(dockerDir, file), 'utf8');
      const runtimeImports = text.split('\n').filter((line) => /from 'docker-modem'/.test(line) && !/^import type /.test(line));
      expect(runtimeImports, file).toEqual([]);
      if (file !== 'docker-backend.ts') expect(text.includes("import('docker-modem')"), file).toBe(false);
    }
  });
});
