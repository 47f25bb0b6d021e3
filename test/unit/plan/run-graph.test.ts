import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runGraph } from '../../../src/plan/run-graph.js';

interface Task {
  id: string;
  dependsOn: string[];
  ms: number;
}

async function trace(tasks: Task[], limit: number, fail?: string): Promise<{ log: string[]; peak: number; error?: unknown }> {
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  try {
    await runGraph(
      tasks,
      async (task) => {
        running += 1;
        peak = Math.max(peak, running);
        log.push(`start ${task.id}`);
        await sleep(task.ms);
        running -= 1;
        if (task.id === fail) throw new Error(`${task.id} failed`);
        log.push(`end ${task.id}`);
      },
      { limit },
    );
  } catch (error) {
    return { log, peak, error };
  }
  return { log, peak };
}

describe('runGraph', () => {
  it('starts a task as soon as its own dependencies are done, with no waves', async () => {
    // slow and fast start together; after-fast must not wait for slow.
    const { log } = await trace(
      [
        { id: 'slow', dependsOn: [], ms: 60 },
        { id: 'fast', dependsOn: [], ms: 5 },
        { id: 'after-fast', dependsOn: ['fast'], ms: 5 },
        { id: 'after-both', dependsOn: ['slow', 'after-fast'], ms: 1 },
      ],
      10,
    );
    expect(log.indexOf('end after-fast')).toBeLessThan(log.indexOf('end slow'));
    expect(log.indexOf('start after-both')).toBeGreaterThan(log.indexOf('end slow'));
    expect(log.at(-1)).toBe('end after-both');
  });

  it('never runs more than the limit at once', async () => {
    const tasks = Array.from({ length: 8 }, (_, index) => ({ id: `t${index}`, dependsOn: [], ms: 5 }));
    expect((await trace(tasks, 3)).peak).toBe(3);
    expect((await trace(tasks, 64)).peak).toBe(8);
  });

  it('after a failure starts nothing new, lets running tasks finish, and throws the failure', async () => {
    const { log, error } = await trace(
      [
        { id: 'bad', dependsOn: [], ms: 5 },
        { id: 'long', dependsOn: [], ms: 30 },
        { id: 'after-bad', dependsOn: ['bad'], ms: 1 },
        { id: 'after-long', dependsOn: ['long'], ms: 1 },
      ],
      10,
      'bad',
    );
    expect(error).toEqual(new Error('bad failed'));
    expect(log).toEqual(['start bad', 'start long', 'end long']);
  });

  it('stops starting tasks when aborted', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const run = runGraph(
      [
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: ['a'] },
      ],
      async (task) => {
        started.push(task.id);
        controller.abort(new Error('interrupted'));
        await sleep(1);
      },
      { limit: 4, signal: controller.signal },
    );
    await expect(run).rejects.toThrow('interrupted');
    expect(started).toEqual(['a']);
  });
});
