/** A unit of work that may start once the tasks it names have finished. */
export interface GraphTask {
  id: string;
  dependsOn: readonly string[];
}

/** How the walk runs. */
export interface RunGraphOptions {
  /** How many tasks may run at once. */
  limit: number;
  /** Aborting stops new tasks from starting; the walk then fails with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Runs every task once all of its own dependencies are done: no waves, so a task never waits for an
 * unrelated one. Among tasks ready together, the earlier in `tasks` starts first. After the first
 * failure no task starts; those running are let finish, then the walk fails with that first error.
 */
export async function runGraph<T extends GraphTask>(
  tasks: readonly T[],
  run: (task: T) => Promise<void>,
  options: RunGraphOptions,
): Promise<void> {
  const limit = Math.max(1, Math.trunc(options.limit));
  const position = new Map<string, number>();
  tasks.forEach((task, index) => position.set(task.id, index));
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, T[]>();
  for (const task of tasks) {
    const known = task.dependsOn.filter((id) => position.has(id));
    waitingOn.set(task.id, known.length);
    for (const id of known) {
      const list = dependents.get(id) ?? [];
      list.push(task);
      dependents.set(id, list);
    }
  }
  const ready = tasks.filter((task) => waitingOn.get(task.id) === 0);
  const byPosition = (a: T, b: T): number => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0);

  return new Promise<void>((resolve, reject) => {
    let running = 0;
    let finished = 0;
    let failure: { error: unknown } | undefined;

    const settle = (): void => {
      if (running > 0) return;
      if (failure) reject(failure.error);
      else if (options.signal?.aborted === true) reject(options.signal.reason);
      else if (finished === tasks.length) resolve();
      else reject(new Error('the task graph has a cycle or a missing dependency'));
    };

    const pump = (): void => {
      while (!failure && options.signal?.aborted !== true && running < limit && ready.length > 0) {
        const task = ready.shift();
        if (task === undefined) break;
        running += 1;
        Promise.resolve()
          .then(() => run(task))
          .then(
            () => {
              running -= 1;
              finished += 1;
              for (const next of dependents.get(task.id) ?? []) {
                const left = (waitingOn.get(next.id) ?? 0) - 1;
                waitingOn.set(next.id, left);
                if (left === 0) ready.push(next);
              }
              ready.sort(byPosition);
              pump();
            },
            (error: unknown) => {
              running -= 1;
              failure ??= { error };
              pump();
            },
          );
      }
      if (running === 0 && (ready.length === 0 || failure !== undefined || options.signal?.aborted === true)) settle();
    };

    pump();
  });
}
