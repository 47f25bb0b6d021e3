import { afterEach, describe, expect, it } from 'vitest';
import { dockerCli } from '../support/index.js';
import { E2eProject, VOLUME_STORE } from './e2e-project.js';


let project: E2eProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

async function volumeExists(name: string): Promise<boolean> {
  return (await dockerCli(['volume', 'inspect', name])).exitCode === 0;
}

describe('volumes', () => {
  it('named volume data must survive down and up, and up --force-recreate; down -v must remove it', async () => {
    project = new E2eProject('volume-keep', VOLUME_STORE);
    let stack = await project.up();
    expect((await stack.exec('store', ['sh', '-c', 'echo kept > /data/file'])).exitCode).toBe(0);

    await project.down();
    expect(await volumeExists(`${project.name}_data`)).toBe(true);
    stack = await project.up();
    expect((await stack.exec('store', ['cat', '/data/file'])).stdout).toBe('kept\n');

    stack = await project.up({ forceRecreate: true });
    expect(stack.planText).toContain('recreate container');
    expect((await stack.exec('store', ['cat', '/data/file'])).stdout).toBe('kept\n');

    const result = await project.down({ volumes: true });
    expect(result.text).toContain(`remove volume ${project.name}_data`);
    expect(await volumeExists(`${project.name}_data`)).toBe(false);
  });

  it('a recreated container must keep its anonymous volumes, unless renewAnonVolumes', async () => {
    project = new E2eProject('volume-anonymous', VOLUME_STORE);
    let stack = await project.up();
    await stack.exec('store', ['sh', '-c', 'echo scratch > /scratch/file']);
    stack = await project.up({ forceRecreate: true });
    expect((await stack.exec('store', ['cat', '/scratch/file'])).stdout).toBe('scratch\n');
    stack = await project.up({ renewAnonVolumes: true });
    expect((await stack.exec('store', ['ls', '/scratch'])).stdout).toBe('');
  });
});
