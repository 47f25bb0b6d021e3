import { describe, expect, it } from 'vitest';
import type { LogChunk } from '../../../src/engine/backend.js';
import { followProject } from '../../../src/api/follow-project.js';
import { applied, engine } from '../plan/plan-fixture.js';
import { all } from '../../support/iterate.js';

describe('followProject', () => {
  it('reports the exit of a container that died before the engine had subscribed berth to its events', async () => {
    const backend = engine();
    await applied(backend, 'services:\n  job:\n    image: busybox:1\n');
    // Listed running; by the time its output is read it has exited, and no die event ever comes
    // (the fake engine reports none): the follow must still end, with the exit from its state.
    backend.logs = (id: string): AsyncIterable<LogChunk> => {
      const container = backend.container(id);
      container.state = 'exited';
      container.exitCode = 3;
      return (async function* () {
        yield { stream: 'stdout' as const, text: 'done\n' };
      })();
    };
    const followed = await followProject(backend, 'demo');
    const events = await all(followed.events);
    expect(events.map((event) => (event.kind === 'line' ? `line ${event.line.text}` : event.kind === 'exited' ? `exited ${String(event.exitCode)}` : event.kind))).toEqual([
      'line done',
      'exited 3',
    ]);
  });
});
