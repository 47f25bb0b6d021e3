import { afterEach, describe, expect, it } from 'vitest';
import { dockerCli } from '../support/index.js';
import { BuildProject } from './build-project.js';

const BUSYBOX = 'berth-test/busybox:latest';

/**
 * A two-stage Dockerfile: the first stage writes the build argument into a file, the `final` stage
 * copies it and the context; a `debug` stage after it must not be what is built (target: final).
 */
const MULTI_STAGE = `FROM ${BUSYBOX} AS base
ARG GREETING=unset
RUN echo "$GREETING" > /greeting
FROM ${BUSYBOX} AS final
COPY --from=base /greeting /greeting
COPY . /app
CMD ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
FROM final AS debug
RUN touch /debug-stage
`;

const SERVER = `FROM ${BUSYBOX}
COPY . /srv
CMD ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
`;

const projects: BuildProject[] = [];
function project(what: string, files: Readonly<Record<string, string>>): BuildProject {
  const made = new BuildProject(what, files);
  projects.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(projects.splice(0).map((made) => made.cleanup()));
});

describe('berth build and up --build on the real engine', () => {
  it('must build with args, target and .dockerignore: the ignored file is absent from the image', async () => {
    const app = project('build-args', {
      'compose.yaml': `services:
  app:
    build:
      context: ./app
      target: final
      args:
        GREETING: \${GREETING:-hello}
      labels:
        org.example.built-by: berth
`,
      'app/Dockerfile': MULTI_STAGE,
      'app/.dockerignore': '# secrets stay home\nsecret.txt\nlogs/\n!logs/keep.log\n',
      'app/main.sh': 'echo main',
      'app/secret.txt': 'do not send',
      'app/logs/debug.log': 'noise',
      'app/logs/keep.log': 'kept',
    });
    await app.ok(['build'], { GREETING: 'bonjour' });
    const image = `${app.name}-app`;
    const inspect = await dockerCli(['image', 'inspect', '--format', '{{index .Config.Labels "org.example.built-by"}}', image]);
    expect(inspect.stdout.trim()).toBe('berth');

    await app.ok(['up', '-d']);
    expect((await app.exec('app', ['cat', '/greeting'])).stdout).toBe('bonjour\n');
    const listing = await app.exec('app', ['find', '/app', '-type', 'f']);
    expect(listing.stdout.split('\n').filter(Boolean).sort()).toEqual(['/app/.dockerignore', '/app/Dockerfile', '/app/logs/keep.log', '/app/main.sh']);
    expect((await app.exec('app', ['ls', '/debug-stage'])).exitCode).not.toBe(0);
  });

  it('a second up --build with an unchanged context must recreate nothing; a changed source only its service', async () => {
    const app = project('build-rebuild', {
      'compose.yaml': `services:
  api:
    build: ./api
  web:
    build: ./web
    depends_on: [api]
`,
      'api/Dockerfile': SERVER,
      'api/main.txt': 'api v1',
      'web/Dockerfile': SERVER,
      'web/index.txt': 'web v1',
    });
    await app.ok(['up', '-d']);
    const api = await app.containerId('api');
    const web = await app.containerId('web');
    expect(api).not.toBe('');

    const again = await app.ok(['up', '-d', '--build']);
    expect(await app.containerId('api')).toBe(api);
    expect(await app.containerId('web')).toBe(web);
    expect(again.stderr).not.toMatch(/Recreate/);

    app.write('web/index.txt', 'web v2');
    await app.ok(['up', '-d', '--build']);
    expect(await app.containerId('api')).toBe(api);
    expect(await app.containerId('web')).not.toBe(web);
    expect((await app.exec('web', ['cat', '/srv/index.txt'])).stdout).toBe('web v2');
  });

  it('must say which service and which step failed, in one message without a stack, and exit 1', async () => {
    const app = project('build-fail', {
      'compose.yaml': 'services:\n  broken:\n    build: .\n',
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo about to fail && exit 3\n`,
    });
    const result = await app.berth(['up', '-d']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `error: service "broken": build failed at Step 2/2 : RUN echo about to fail && exit 3: The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // Nothing half-made: no container, and the next up after the fix converges.
    expect(await app.containerId('broken')).toBe('');
    app.write('Dockerfile', SERVER);
    await app.ok(['up', '-d']);
    expect(await app.containerId('broken')).not.toBe('');
  });

  it('must name a Dockerfile that does not exist', async () => {
    const app = project('build-nofile', {
      'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      dockerfile: missing.Dockerfile\n',
      'main.txt': 'x',
    });
    const result = await app.berth(['build']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('missing.Dockerfile');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('must build a Dockerfile given inline, and services sharing one image once', async () => {
    const app = project('build-inline', {
      'compose.yaml': `services:
  one:
    image: \${PROJECT_IMAGE}
    build:
      context: .
      dockerfile_inline: |
        FROM ${BUSYBOX}
        COPY greeting.txt /greeting.txt
        CMD ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
  two:
    image: \${PROJECT_IMAGE}
    build: .
`,
      'greeting.txt': 'inline',
      Dockerfile: 'this Dockerfile must not be used\n',
    });
    const image = `${app.name}-shared:1`;
    app.extraImages.push(image);
    const built = await app.ok(['--progress', 'plain', 'build'], { PROJECT_IMAGE: image });
    expect(built.stderr.match(/Built/g)).toHaveLength(1);
    await app.ok(['up', '-d'], { PROJECT_IMAGE: image });
    expect((await app.exec('two', ['cat', '/greeting.txt'])).stdout).toBe('inline');
  });
});
