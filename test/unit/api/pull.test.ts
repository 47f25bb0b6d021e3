import { describe, expect, it } from 'vitest';
import { pull } from '../../../src/api/pull.js';
import { verbScene } from './verb-fixture.js';

const COMPOSE = `name: demo
services:
  web:
    image: web:1
  api:
    image: web:1
  db:
    image: db:2
    pull_policy: missing
  job:
    image: job:3
    pull_policy: never
`;

describe('pull', () => {
  it('pulls each image once, skipping what the pull policies leave alone', async () => {
    const scene = verbScene(COMPOSE);
    scene.backend.registry.set('web:1', 'sha256:web');
    scene.backend.addImage('db:2');
    const result = await pull(scene.options);
    expect(result).toEqual({ pulled: ['web:1'], skipped: ['db:2', 'job:3'], failed: [] });
    expect(scene.backend.calls).toEqual(['pull image web:1']);
    expect(scene.lines()).toEqual(expect.arrayContaining(['Image web:1 Pulling', 'Image web:1 Pulled', 'Image db:2 Skipped']));
  });

  it('throws a failed pull after the others end, or only warns with ignorePullFailures', async () => {
    const scene = verbScene(COMPOSE);
    await expect(pull({ ...scene.options, services: ['web'] })).rejects.toThrow('image web:1 not found');
    const result = await pull({ ...scene.options, services: ['web'], ignorePullFailures: true });
    expect(result.failed).toEqual([{ image: 'web:1', message: expect.stringContaining('not in the registry') as string }]);
    expect(scene.events.at(-1)).toMatchObject({ status: 'warning', name: 'web:1' });
  });

  it('pulls everything with policy always, and nothing present with policy missing', async () => {
    const scene = verbScene(COMPOSE);
    scene.backend.addImage('web:1');
    scene.backend.registry.set('db:2', 'sha256:db');
    expect((await pull({ ...scene.options, policy: 'missing' })).pulled).toEqual(['db:2']);
  });
});
