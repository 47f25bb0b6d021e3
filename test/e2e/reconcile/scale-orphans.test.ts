import { afterEach, describe, expect, it } from 'vitest';
import { PreflightError } from '../../../src/plan/preflight/preflight-error.js';
import { dockerCli } from '../support/index.js';
import { BUSYBOX, E2eProject } from './e2e-project.js';

const WORKERS = `
services:
  worker:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
  sidecar:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
`;

let project: E2eProject | undefined;
let foreign: string | undefined;
afterEach(async () => {
  if (foreign !== undefined) await dockerCli(['rm', '--force', foreign]);
  foreign = undefined;
  await project?.cleanup();
  project = undefined;
});

describe('scale', () => {
  it('scaling up must add the next numbers; scaling down must remove the highest and keep the rest', async () => {
    project = new E2eProject('scale', WORKERS);
    await project.up({ scale: { worker: 3 } });
    const before = await project.containerIds();
    const worker = (n: number): string => `${project?.name ?? ''}-worker-${n}`;
    expect(Object.keys(before).sort()).toEqual([`${project.name}-sidecar-1`, worker(1), worker(2), worker(3)]);

    await project.up({ scale: { worker: 1 } });
    const after = await project.containerIds();
    expect(Object.keys(after).sort()).toEqual([`${project.name}-sidecar-1`, worker(1)]);
    expect(after[worker(1)]).toBe(before[worker(1)]);

    await project.up({ scale: { worker: 2 } });
    expect(Object.keys(await project.containerIds()).sort()).toEqual([`${project.name}-sidecar-1`, worker(1), worker(2)]);
  });
});

describe('orphans', () => {
  it('must be warned about, and removed with removeOrphans', async () => {
    project = new E2eProject('orphans', WORKERS);
    await project.up();
    project.write(WORKERS.replace(/ {2}sidecar:\n(?: {4}.*\n)+/, ''));
    await project.up();
    expect(project.warnings).toEqual([
      `found orphan containers (${project.name}-sidecar-1) for project ${project.name}: their services are not in the compose files; run with --remove-orphans to remove them`,
    ]);
    expect(Object.keys(await project.containerIds())).toContain(`${project.name}-sidecar-1`);
    const stack = await project.up({ removeOrphans: true });
    expect(stack.planText).toContain(`remove container ${project.name}-sidecar-1 (orphan)`);
    expect(Object.keys(await project.containerIds())).toEqual([`${project.name}-worker-1`]);
  });
});

describe('container names', () => {
  it('a name taken by a container outside the project must be one clear error', async () => {
    project = new E2eProject('name-taken', WORKERS);
    foreign = `${project.name}-worker-1`;
    const created = await dockerCli(['create', '--name', foreign, BUSYBOX, 'true']);
    expect(created.exitCode, created.stderr).toBe(0);
    // Pre-flight finds it before anything is created.
    const failure = project.up({ services: ['worker'] });
    await expect(failure).rejects.toThrow(PreflightError);
    await expect(failure).rejects.toThrow(`cannot start the project: container name "${foreign}" (service worker) is taken by a container outside any project`);
    await expect(failure).rejects.toMatchObject({ hint: 'nothing was changed; fix these and run up again' });
    expect(Object.keys(await project.containerIds())).toEqual([]);
  });
});
