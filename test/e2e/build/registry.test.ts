import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dockerCli } from '../support/index.js';
import { BuildProject } from './build-project.js';

// The local registries of scripts/registry.sh (started by the e2e global setup): 127.0.0.1:5000
// without auth, 127.0.0.1:5001 with the test-only user berth / berth-secret.
const OPEN_REGISTRY = '127.0.0.1:5000';
const AUTH_REGISTRY = '127.0.0.1:5001';
const BUSYBOX = 'berth-test/busybox:latest';

const SERVER = `FROM ${BUSYBOX}
COPY version.txt /version.txt
CMD ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
`;

/** A DOCKER_CONFIG directory whose config.json has `auths` for the auth registry, as docker login writes it. */
function dockerConfigDir(user: string, password: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-e2e-docker-config-'));
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [AUTH_REGISTRY]: { auth } } }));
  return dir;
}

let rightConfig = '';
let wrongConfig = '';
beforeAll(() => {
  rightConfig = dockerConfigDir('berth', 'berth-secret');
  wrongConfig = dockerConfigDir('berth', 'not-the-password');
});
afterAll(() => {
  for (const dir of [rightConfig, wrongConfig]) rmSync(dir, { recursive: true, force: true });
});

const projects: BuildProject[] = [];
afterEach(async () => {
  await Promise.all(projects.splice(0).map((made) => made.cleanup()));
});

/** A project whose app is built from source and named in a registry (`registry/<project>/app:1`). */
function registryProject(what: string, registry: string): { app: BuildProject; image: string } {
  const app = new BuildProject(what, {
    'compose.yaml': 'services:\n  app:\n    image: ${APP_IMAGE}\n    build: .\n',
    Dockerfile: SERVER,
    'version.txt': 'v1',
  });
  projects.push(app);
  const image = `${registry}/${app.name}/app:1`;
  app.extraImages.push(image);
  return { app, image };
}

describe('push and pull with local registries', () => {
  it('must push to a registry without auth, and pull the image back after it was removed', async () => {
    const { app, image } = registryProject('push-open', OPEN_REGISTRY);
    const env = { APP_IMAGE: image };
    await app.ok(['build'], env);
    const pushed = await app.ok(['--progress', 'plain', 'push'], env);
    expect(pushed.stderr).toMatch(/Pushed/);

    expect((await dockerCli(['image', 'rm', image])).exitCode).toBe(0);
    await app.ok(['pull'], env);
    expect((await dockerCli(['image', 'inspect', image])).exitCode).toBe(0);
  });

  it('must push to and pull from a registry with auth, with the credentials of config.json', async () => {
    const { app, image } = registryProject('push-auth', AUTH_REGISTRY);
    const env = { APP_IMAGE: image, DOCKER_CONFIG: rightConfig };
    await app.ok(['build', '--push'], env);
    expect((await dockerCli(['image', 'rm', image])).exitCode).toBe(0);
    await app.ok(['pull'], env);
    await app.ok(['up', '-d'], env);
    expect((await app.exec('app', ['cat', '/version.txt'])).stdout).toBe('v1');
  });

  it('must say clearly that the registry refused the credentials, without printing the password', async () => {
    const { app, image } = registryProject('push-wrong', AUTH_REGISTRY);
    await app.ok(['build'], { APP_IMAGE: image });
    const result = await app.berth(['push'], { APP_IMAGE: image, DOCKER_CONFIG: wrongConfig });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error: push ${image}: the registry ${AUTH_REGISTRY} refused the credentials of user berth`);
    expect(result.stderr).not.toContain('not-the-password');
    expect(result.stderr).not.toMatch(/\n\s+at /);

    const anonymous = await app.berth(['push'], { APP_IMAGE: image, DOCKER_CONFIG: path.join(wrongConfig, 'none') });
    expect(anonymous.exitCode).toBe(1);
    expect(anonymous.stderr).toContain(`the registry ${AUTH_REGISTRY} needs credentials, and none are configured for it`);
  });

  it("must run the course's rm -f && pull && build --no-cache && up -d --force-recreate", async () => {
    const { app, image } = registryProject('course', OPEN_REGISTRY);
    const env = { APP_IMAGE: image };
    await app.ok(['build', '--push'], env);
    await app.ok(['up', '-d'], env);
    const first = await app.containerId('app');

    app.write('version.txt', 'v2');
    // rm -f removes only stopped containers: the running one stays, as with docker compose.
    await app.ok(['rm', '-f'], env);
    expect(await app.containerId('app')).toBe(first);
    await app.ok(['pull'], env);
    await app.ok(['build', '--no-cache'], env);
    await app.ok(['up', '-d', '--force-recreate'], env);
    expect(await app.containerId('app')).not.toBe(first);
    expect((await app.exec('app', ['cat', '/version.txt'])).stdout).toBe('v2');
  });
});
