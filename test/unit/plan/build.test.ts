import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../../src/api/build.js';
import type { ProjectOptions } from '../../../src/api/project-context.js';
import { planUp, up, type UpOptions } from '../../../src/api/up.js';
import { BuildFailedError, ImageNotFoundError } from '../../../src/engine/engine-errors.js';
import { UnsupportedBuildError } from '../../../src/engine/spec/build-spec.js';
import type { ProgressEvent } from '../../../src/plan/progress.js';
import { FakeBackend } from '../../support/fake-backend.js';
import { lines } from './plan-fixture.js';

// The planner's side of building: which images up builds, pulls or leaves, in what order, and that
// the fake engine's builds (an image id from the context's bytes) make up recreate only what changed.

const root = mkdtempSync(path.join(tmpdir(), 'berth-build-plan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A project directory with the given files (path → content). */
function projectDir(files: Record<string, string>): string {
  counter += 1;
  const dir = path.join(root, `p${counter}`);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function options(backend: FakeBackend, dir: string, extra: Partial<UpOptions> = {}): UpOptions {
  return { workingDir: dir, projectName: 'demo', env: {}, backend, ...extra };
}

function projectAt(backend: FakeBackend, dir: string): ProjectOptions {
  return { workingDir: dir, projectName: 'demo', env: {}, backend };
}

const TWO_APPS = `
services:
  api:
    build: ./api
  web:
    build: ./web
    depends_on: [api]
  cache:
    image: busybox:1
`;
const TWO_APPS_FILES = {
  'compose.yaml': TWO_APPS,
  'api/Dockerfile': 'FROM busybox:1\nCOPY . /app\n',
  'api/main.js': 'api v1',
  'web/Dockerfile': 'FROM busybox:1\n',
  'web/index.html': 'web v1',
};

describe('up: images to build', () => {
  it('builds the images of build-only services as <project>-<service>, before creating their containers', async () => {
    const backend = new FakeBackend({ images: ['busybox:1'] });
    const { text } = await planUp(options(backend, projectDir(TWO_APPS_FILES)));
    expect(text).toBe(
      lines(
        'create network demo_default',
        'build image demo-api (not present locally)',
        'build image demo-web (not present locally)',
        'create container demo-api-1',
        'create container demo-cache-1',
        'create container demo-web-1',
        'start container demo-api-1',
        'start container demo-cache-1',
        'start container demo-web-1',
      ),
    );
  });

  it('builds once, then a second up with an unchanged context builds and recreates nothing', async () => {
    const backend = new FakeBackend({ images: ['busybox:1'] });
    const dir = projectDir(TWO_APPS_FILES);
    await up(options(backend, dir));
    // The two builds run at the same time: either may finish first.
    expect(backend.calls.filter((call) => call.startsWith('build')).sort()).toEqual(['build image demo-api', 'build image demo-web']);
    backend.clearCalls();
    expect((await up(options(backend, dir))).planText).toBe('');
    expect(backend.calls).toEqual([]);
  });

  it('up --build rebuilds every image; only the service whose context changed is recreated', async () => {
    const backend = new FakeBackend({ images: ['busybox:1'] });
    const dir = projectDir(TWO_APPS_FILES);
    await up(options(backend, dir));
    const unchanged = await up(options(backend, dir, { build: 'always' }));
    expect(unchanged.planText).toBe(lines('build image demo-api (--build)', 'build image demo-web (--build)'));

    writeFileSync(path.join(dir, 'api/main.js'), 'api v2');
    const changed = await up(options(backend, dir, { build: 'always' }));
    expect(changed.planText).toMatch(/^build image demo-api \(--build\)\nbuild image demo-web \(--build\)\nrecreate container demo-api-1 \(image changed[^)]*\)\n/);
    expect(changed.planText).not.toContain('recreate container demo-web-1');
    expect(changed.planText).not.toContain('demo-cache-1');
  });

  it('up --no-build never builds: a missing build-only image is an error', async () => {
    const backend = new FakeBackend({ images: ['busybox:1'] });
    await expect(planUp(options(backend, projectDir(TWO_APPS_FILES), { build: 'never' }))).rejects.toThrow(ImageNotFoundError);
  });

  it('pulls first an image that has a name and a build section, and builds it when the pull fails', async () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    image: example/app:1\n    build: .\n', Dockerfile: 'FROM scratch\n' };
    const warnings: ProgressEvent[] = [];
    const backend = new FakeBackend();
    const stack = await up(options(backend, projectDir(files), { onProgress: (event) => event.status === 'warning' && warnings.push(event) }));
    expect(backend.calls.slice(0, 3)).toEqual(['pull image example/app:1', 'build image example/app:1', 'create network demo_default']);
    expect(warnings.map((event) => event.detail)).toEqual(['image example/app:1 not found: not in the registry; it will be built']);
    expect(stack.planText).toContain('build image example/app:1 (not present locally, and the pull failed)');

    const pulled = new FakeBackend();
    pulled.registry.set('example/app:1', 'sha256:abc');
    await up(options(pulled, projectDir(files)));
    expect(pulled.calls.filter((call) => call.includes('image'))).toEqual(['pull image example/app:1']);
  });

  it('pull_policy: build builds on every up', async () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    image: example/app:1\n    build: .\n    pull_policy: build\n', Dockerfile: 'FROM scratch\n' };
    const backend = new FakeBackend();
    const dir = projectDir(files);
    await up(options(backend, dir));
    expect((await planUp(options(backend, dir))).text).toBe('build image example/app:1 (pull_policy: build)');
  });

  it('builds an image shared by several services once, and they all wait for it', async () => {
    const yaml = 'services:\n  a:\n    image: shared:1\n    build: .\n    pull_policy: build\n  b:\n    image: shared:1\n    build: .\n    pull_policy: build\n  c:\n    image: shared:1\n';
    const backend = new FakeBackend();
    const { plan } = await planUp(options(backend, projectDir({ 'compose.yaml': yaml, Dockerfile: 'FROM scratch\n' })));
    const builds = plan.nodes.filter((node) => node.action.kind === 'build-image');
    expect(builds.map((node) => node.id)).toEqual(['build image shared:1']);
    for (const name of ['a', 'b', 'c']) {
      expect(plan.nodes.find((node) => node.id === `create container demo-${name}-1`)?.dependsOn).toContain('build image shared:1');
    }
  });

  it('a failing build names the service and the step, and leaves nothing created', async () => {
    const backend = new FakeBackend();
    const dir = projectDir({ 'compose.yaml': 'services:\n  app:\n    build: .\n', Dockerfile: 'FROM scratch\n', FAIL: '' });
    const failure = up(options(backend, dir));
    await expect(failure).rejects.toThrow(BuildFailedError);
    await expect(up(options(backend, dir))).rejects.toThrow('service "app": build failed at Step 1/1 : FROM scratch: the context asked to fail');
    expect(backend.containerNames()).toEqual([]);
  });

  it('refuses a build section that needs BuildKit, naming the key', async () => {
    const yaml = 'services:\n  app:\n    build:\n      context: .\n      secrets: [token]\nsecrets:\n  token:\n    file: ./token.txt\n';
    const dir = projectDir({ 'compose.yaml': yaml, Dockerfile: 'FROM scratch\n', 'token.txt': 'x' });
    await expect(up(options(new FakeBackend(), dir))).rejects.toThrow(UnsupportedBuildError);
    await expect(up(options(new FakeBackend(), dir))).rejects.toThrow('service "app": build.secrets needs BuildKit');
  });
});

describe('build', () => {
  it('builds each service with a build section, with --build-arg over the args of the file, and skips the others', async () => {
    const yaml = 'services:\n  app:\n    build:\n      context: .\n      args: { GREETING: hello, KEEP: kept }\n  db:\n    image: busybox:1\n';
    const backend = new FakeBackend();
    const result = await build({ ...projectAt(backend, projectDir({ 'compose.yaml': yaml, Dockerfile: 'FROM scratch\n' })), buildArgs: { GREETING: 'bye' }, noCache: true });
    expect(result).toMatchObject({ built: ['demo-app'], skipped: ['db'] });
    expect(backend.builds.map((request) => [request.tags, request.buildArgs, request.noCache])).toEqual([
      [['demo-app'], { GREETING: 'bye', KEEP: 'kept' }, true],
    ]);
  });

  it('--with-dependencies builds what the named service depends on', async () => {
    const backend = new FakeBackend({ images: ['busybox:1'] });
    const dir = projectDir(TWO_APPS_FILES);
    expect((await build({ ...projectAt(backend, dir), services: ['web'], dryRun: true })).built).toEqual(['demo-web']);
    expect((await build({ ...projectAt(backend, dir), services: ['web'], withDependencies: true, dryRun: true })).built).toEqual(['demo-api', 'demo-web']);
  });
});
