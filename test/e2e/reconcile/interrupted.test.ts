import { afterEach, describe, expect, it } from 'vitest';
import { dockerCli } from '../support/index.js';
import { BUSYBOX, E2eProject } from './e2e-project.js';

const ONE = `
services:
  app:
    image: ${BUSYBOX}
    init: true
    command: ["sleep", "3600"]
`;

let project: E2eProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

describe('an interrupted recreate', () => {
  it('a replacement left under its temporary name must get its final name on the next up', async () => {
    project = new E2eProject('interrupted', ONE);
    await project.up();
    const name = `${project.name}-app-1`;
    const id = await project.inspect(name, '{{.Id}}');
    // As if up stopped after removing the old container and before renaming the new one.
    const temporary = `${id.slice(0, 12)}_${name}`;
    expect((await dockerCli(['rename', name, temporary])).exitCode).toBe(0);

    const stack = await project.up();
    expect(stack.planText).toBe(`rename container ${temporary} to ${name} (finish an interrupted recreate)`);
    expect(Object.keys(await project.containerIds())).toEqual([name]);
    expect(await project.plan()).toBe('');
  });
});
