import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutputChunk } from '../../../src/engine/backend.js';
import { connectDocker, type DockerBackend } from '../../../src/engine/docker/docker-backend.js';
import type { EngineContainerCreateBody } from '../../../src/engine/engine-types.js';
import { readTar } from './ustar.js';

// The backend's calls for working inside containers: exec and attach sessions with their streams,
// pause, top, stats, export, commit, and the image list.

const IMAGE = 'berth-test/busybox:latest';
const PREFIX = `berth-e2e-sessions-${randomBytes(4).toString('hex')}`;
const OWNER_KEY = 'org.berth.e2e-owner';

let backend: DockerBackend;
let counter = 0;

function body(cmd: string[], extra: Partial<EngineContainerCreateBody> = {}): EngineContainerCreateBody {
  return { Image: IMAGE, Cmd: cmd, HostConfig: {}, ...extra, Labels: { [OWNER_KEY]: PREFIX } };
}

async function started(cmd: string[] = ['sh', '-c', 'sleep 30'], extra: Partial<EngineContainerCreateBody> = {}): Promise<string> {
  counter += 1;
  const id = await backend.createContainer(`${PREFIX}-${counter}`, body(cmd, extra));
  await backend.startContainer(id);
  return id;
}

async function text(output: AsyncIterable<OutputChunk>): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  for await (const chunk of output) out[chunk.stream] += chunk.data.toString('utf8');
  return out;
}

async function sweep(): Promise<void> {
  for (const container of await backend.listContainers([`${OWNER_KEY}=${PREFIX}`], { all: true })) {
    await backend.removeContainer(container.id, { force: true });
  }
}

beforeAll(async () => {
  backend = await connectDocker({});
});
afterEach(sweep);
afterAll(async () => {
  await sweep();
  const leftovers = await backend.listImages({ reference: `${PREFIX}*` });
  for (const image of leftovers) await backend.removeImage(image.id);
  backend.close();
});

describe('exec and attach sessions on the real engine', () => {
  it('pipes standard input into an exec, keeps stdout and stderr apart, and reports the exit code', async () => {
    const id = await started();
    const session = await backend.execSession(id, ['sh', '-c', 'tr a-z A-Z; echo done >&2; exit 4'], { tty: false, stdin: true });
    session.input.end('piped through\n');
    await expect(text(session.output)).resolves.toEqual({ stdout: 'PIPED THROUGH\n', stderr: 'done\n' });
    await expect(session.exitCode()).resolves.toBe(4);
  });

  it('runs an exec with a TTY of the size asked for', async () => {
    // busybox's stty cannot read a pty's size; coreutils' can. Engines before API 1.42 take the size
    // only as a resize once the exec has started, as the docker CLI sends it: the command waits for it.
    const id = await started(['sleep', '30'], { Image: 'berth-test/debian:bookworm' });
    const session = await backend.execSession(id, ['sh', '-c', 'sleep 0.5; stty size'], { tty: true, stdin: false, size: { rows: 33, columns: 101 } });
    const { stdout } = await text(session.output);
    expect(stdout.trim()).toBe('33 101');
    await expect(session.exitCode()).resolves.toBe(0);
  });

  it('runs a detached exec without streams', async () => {
    const id = await started();
    const session = await backend.execSession(id, ['sh', '-c', 'echo hi > /tmp/detached'], { tty: false, stdin: false, detach: true });
    await expect(text(session.output)).resolves.toEqual({ stdout: '', stderr: '' });
    await expect(session.exitCode()).resolves.toBe(0);
    await expect(backend.exec(id, ['cat', '/tmp/detached'])).resolves.toMatchObject({ stdout: 'hi\n' });
  });

  it("attaches to a container's main process: its stdin in, its output out", async () => {
    counter += 1;
    const id = await backend.createContainer(`${PREFIX}-${counter}`, body(['sh', '-c', 'read line; echo "got $line"'], { OpenStdin: true, StdinOnce: true, AttachStdin: true }));
    const attached = await backend.attachContainer(id, { stdin: true, tty: false });
    await backend.startContainer(id);
    attached.input.end('hello\n');
    await expect(text(attached.output)).resolves.toEqual({ stdout: 'got hello\n', stderr: '' });
    await expect(backend.waitContainer(id)).resolves.toBe(0);
  });
});

describe('pause, top, stats, export, commit and images on the real engine', () => {
  it('pauses and unpauses, lists processes, and samples resource use', async () => {
    const id = await started(['sleep', '300']);
    const top = await backend.topContainer(id);
    expect(top.titles).toContain('PID');
    expect(top.processes.some((row) => row.join(' ').includes('sleep 300'))).toBe(true);

    await backend.pauseContainer(id);
    expect((await backend.inspectContainer(id))?.state).toBe('paused');
    await backend.unpauseContainer(id);
    expect((await backend.inspectContainer(id))?.state).toBe('running');

    const stats = await backend.containerStats(id);
    expect(stats).toHaveProperty('memory_stats');
    expect(stats).toHaveProperty('precpu_stats');
  });

  it("exports a container's file system and commits its changes as an image", async () => {
    const id = await started(['sh', '-c', 'echo changed > /marker; sleep 30']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const chunks: Buffer[] = [];
    for await (const chunk of await backend.exportContainer(id)) chunks.push(chunk as Buffer);
    const names = [...readTar(Buffer.concat(chunks)).keys()];
    expect(names).toContain('marker');
    expect(names).toContain('bin/busybox');

    const reference = `${PREFIX}-committed:1`;
    const imageId = await backend.commitContainer(id, { reference, message: 'from the test', changes: ['CMD ["cat", "/marker"]'] });
    expect(imageId).toMatch(/^sha256:/);
    const listed = await backend.listImages({ reference });
    expect(listed.map((image) => image.id)).toEqual([imageId]);
    expect(listed[0]?.repoTags).toEqual([reference]);
    expect(listed[0]?.size).toBeGreaterThan(0);
    expect((await backend.inspectImage(reference))?.created).toBeGreaterThan(1_700_000_000);
  });
});
