import { afterEach, describe, expect, it } from 'vitest';
import { CliProject } from '../cli/cli-project.js';
import { dockerCli } from '../support/index.js';
import { BUSYBOX, E2eProject, VOLUME_STORE } from './e2e-project.js';

/** web greets from its environment, on network front, with its data in the named volume data. */
function webCompose(image = BUSYBOX, greeting = 'hello'): string {
  return `
services:
  web:
    image: ${image}
    init: true
    command: ["sleep", "3600"]
    environment: { GREETING: ${greeting} }
    networks: [front]
    volumes: [data:/data]
networks:
  front: {}
volumes:
  data: {}
`;
}


let project: E2eProject | undefined;
let cli: CliProject | undefined;
/** Images a test tagged for itself, removed after it. */
const images: string[] = [];
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
  await cli?.cleanup();
  cli = undefined;
  if (images.length > 0) await dockerCli(['image', 'rm', '--force', ...images.splice(0)]);
});

async function docker(args: readonly string[]): Promise<string> {
  const result = await dockerCli(args);
  if (result.exitCode !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** The size `decimalSize` printed, back in bytes: `102.4kB` → 102400. */
function bytesOf(size: string): number {
  const match = /^([\d.]+)(B|kB|MB|GB)$/.exec(size);
  if (match === null) throw new Error(`not a size: ${size}`);
  const scale = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[match[2] as 'B' | 'kB' | 'MB' | 'GB'];
  return Number(match[1]) * scale;
}

describe('plan: why each container would be recreated', () => {
  it('an environment value changed: berth plan names the field, as up --dry-run does, and changes nothing', async () => {
    cli = new CliProject(webCompose());
    await cli.ok(['up', '-d']);
    const web = `${cli.name}-web-1`;
    const id = await docker(['inspect', '--format', '{{.Id}}', web]);
    cli.write(webCompose(BUSYBOX, 'changed'));

    const expected = `recreate container ${web} (environment.GREETING "hello" -> "changed")\nstart container ${web}\n`;
    expect((await cli.ok(['plan'])).stdout).toBe(expected);
    expect((await cli.ok(['--dry-run', 'up', '-d'])).stdout).toBe(expected);
    const json = JSON.parse((await cli.ok(['plan', '--format', 'json'])).stdout) as { actions: { kind: string; target: string; reasons: string[] }[] };
    expect(json.actions.find((action) => action.kind === 'recreate-container')).toMatchObject({
      target: web,
      reasons: ['environment.GREETING "hello" -> "changed"'],
    });
    expect(await docker(['inspect', '--format', '{{.Id}}', web])).toBe(id);
  });

  it('the image changed under the same name: both image ids', async () => {
    project = new E2eProject('plan-image', webCompose());
    const image = `${project.name}-img:latest`;
    images.push(image);
    await docker(['tag', BUSYBOX, image]);
    project.write(webCompose(image));
    await project.up();
    const web = `${project.name}-web-1`;
    const before = await docker(['inspect', '--format', '{{.Image}}', web]);
    // A commit is a new image with another id; it takes the name the service runs.
    await docker(['commit', web, image]);
    const after = await docker(['image', 'inspect', '--format', '{{.Id}}', image]);
    expect(after).not.toBe(before);

    const short = (id: string): string => id.replace('sha256:', '').slice(0, 12);
    expect(await project.plan()).toBe(`recreate container ${web} (image changed: ${short(before)} -> ${short(after)})\nstart container ${web}`);
  });

  it('a network missing: the container was disconnected from it', async () => {
    project = new E2eProject('plan-network', webCompose());
    await project.up();
    const web = `${project.name}-web-1`;
    await docker(['network', 'disconnect', `${project.name}_front`, web]);
    expect(await project.plan()).toBe(`recreate container ${web} (network front missing)\nstart container ${web}`);
  });

  it('a named volume changed: the service now mounts another volume at the same place', async () => {
    project = new E2eProject('plan-volume', webCompose());
    await project.up();
    const web = `${project.name}-web-1`;
    project.write(webCompose().replace('  data: {}', `  data: { name: ${project.name}_other }`));
    expect(await project.plan()).toBe(
      [
        `create volume ${project.name}_other`,
        `recreate container ${web} (volume data not mounted at /data (found volume ${project.name}_data there))`,
        `start container ${web}`,
      ].join('\n'),
    );
  });

  it('several divergences at once, in order: the config fields, the image, the networks, the volumes', async () => {
    project = new E2eProject('plan-several', webCompose());
    const image = `${project.name}-img:latest`;
    images.push(image);
    await docker(['tag', BUSYBOX, image]);
    project.write(webCompose(image));
    await project.up();
    const web = `${project.name}-web-1`;
    await docker(['commit', web, image]);
    await docker(['network', 'disconnect', `${project.name}_front`, web]);
    project.write(webCompose(image, 'changed').replace('  data: {}', `  data: { name: ${project.name}_other }`));
    const line = (await project.plan()).split('\n').find((text) => text.startsWith('recreate')) ?? '';
    expect(line).toMatch(
      new RegExp(
        `^recreate container ${web} \\(environment\\.GREETING "hello" -> "changed"; image changed: [0-9a-f]{12} -> [0-9a-f]{12}; ` +
          `network front missing; volume data not mounted at /data \\(found volume ${project.name}_data there\\)\\)$`,
      ),
    );
  });
});

describe('down --dry-run -v: what would be deleted', () => {
  it('the named and anonymous volumes, with plausible sizes, and nothing removed', async () => {
    cli = new CliProject(VOLUME_STORE);
    await cli.ok(['up', '-d']);
    const store = `${cli.name}-store-1`;
    // 200 KiB in the named volume, 30 KiB in the anonymous one.
    await docker(['exec', store, 'dd', 'if=/dev/urandom', 'of=/data/blob', 'bs=1024', 'count=200']);
    await docker(['exec', store, 'dd', 'if=/dev/urandom', 'of=/scratch/blob', 'bs=1024', 'count=30']);
    const anonymous = await docker(['inspect', '--format', '{{range .Mounts}}{{if eq .Destination "/scratch"}}{{.Name}}{{end}}{{end}}', store]);
    expect(anonymous).toMatch(/^[0-9a-f]{64}$/);

    const { stdout } = await cli.ok(['--dry-run', 'down', '-v']);
    const named = new RegExp(`^remove volume ${cli.name}_data \\((\\S+)\\)$`, 'm').exec(stdout);
    const unnamed = new RegExp(`^remove container ${store} \\(anonymous volume ${anonymous} (\\S+)\\)$`, 'm').exec(stdout);
    expect(named, stdout).not.toBeNull();
    expect(unnamed, stdout).not.toBeNull();
    const namedBytes = bytesOf(named?.[1] ?? '');
    const unnamedBytes = bytesOf(unnamed?.[1] ?? '');
    expect(namedBytes).toBeGreaterThanOrEqual(200 * 1024 * 0.99);
    expect(namedBytes).toBeLessThan(1e6);
    expect(unnamedBytes).toBeGreaterThanOrEqual(30 * 1024 * 0.99);
    expect(unnamedBytes).toBeLessThan(200 * 1024);

    const json = JSON.parse((await cli.ok(['plan', '--down', '-v', '--format', 'json'])).stdout) as {
      actions: { kind: string; target: string; size?: number; anonymousVolumes?: { name: string; size?: number }[] }[];
    };
    const volume = json.actions.find((action) => action.kind === 'remove-volume');
    expect(volume?.target).toBe(`${cli.name}_data`);
    expect(volume?.size).toBeGreaterThanOrEqual(200 * 1024);
    const container = json.actions.find((action) => action.kind === 'remove-container');
    expect(container?.anonymousVolumes?.[0]?.name).toBe(anonymous);
    expect(container?.anonymousVolumes?.[0]?.size).toBeGreaterThanOrEqual(30 * 1024);

    // A dry run: the container and both volumes are still there.
    expect(await docker(['inspect', '--format', '{{.State.Running}}', store])).toBe('true');
    await docker(['volume', 'inspect', `${cli.name}_data`]);
    await docker(['volume', 'inspect', anonymous]);
  });
});
