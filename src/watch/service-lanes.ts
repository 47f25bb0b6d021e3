// One action at a time per service, and services apart from each other: a sync of `api` never
// waits for a rebuild of `web`, but two actions on `web` never overlap (a second sync could land
// before the first, or a restart in the middle of a copy). A task on several services (one build
// shared by them) waits for each of their lanes, and each of them waits for it.

export class ServiceLanes {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `task` once every earlier task of these services has ended; its failure goes to onError. */
  run(services: readonly string[], task: () => Promise<void>): Promise<void> {
    const before = Promise.all(services.map((service) => this.tails.get(service)));
    const done = before.then(task).catch((error: unknown) => this.onError(error));
    for (const service of services) this.tails.set(service, done);
    void done.then(() => {
      for (const service of services) if (this.tails.get(service) === done) this.tails.delete(service);
    });
    return done;
  }

  /** Resolves when every task started so far (and any they queued meanwhile) has ended. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
