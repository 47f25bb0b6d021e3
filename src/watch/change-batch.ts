// Bursts of file events coalesced per key (a service, or the project's own files). A save is often
// several events (write, chmod, rename), a formatter or a `git checkout` many more; acting on each
// would sync half-written states and restart a service ten times for one save. A key's window
// closes once no event has come for its quiet time, or at the latest `maxWaitMs` after it opened,
// so a tool that writes without pause still gets its changes applied.

interface Window<T> {
  items: T[];
  timer: NodeJS.Timeout | undefined;
  openedAt: number;
  quietMs: number;
  /** Waiting for the window to close. */
  waiters: (() => void)[];
}

export class ChangeBatch<T> {
  private readonly windows = new Map<string, Window<T>>();

  /** `onReady(key)` is called when a key's window closes with items in it. */
  constructor(
    private readonly onReady: (key: string) => void,
    private readonly maxWaitMs = 2000,
  ) {}

  /**
   * Adds an item to the key's window, opening one when needed, and restarts its quiet time. The
   * longest quiet time asked for while the window is open applies.
   */
  add(key: string, item: T, quietMs: number): void {
    const now = Date.now();
    let window = this.windows.get(key);
    if (window === undefined) {
      window = { items: [], timer: undefined, openedAt: now, quietMs, waiters: [] };
      this.windows.set(key, window);
    } else if (window.timer === undefined) {
      // Items left untaken from a closed window: a new window opens over them.
      window.openedAt = now;
      window.quietMs = quietMs;
    } else {
      window.quietMs = Math.max(window.quietMs, quietMs);
    }
    window.items.push(item);
    clearTimeout(window.timer);
    const delay = Math.max(0, Math.min(window.quietMs, window.openedAt + this.maxWaitMs - now));
    const open = window;
    open.timer = setTimeout(() => this.close(key, open), delay);
  }

  /** Whether a key has items, in an open window or a closed one not taken yet. */
  has(key: string): boolean {
    return (this.windows.get(key)?.items.length ?? 0) > 0;
  }

  /** The items gathered for the key so far, left in place. */
  peek(key: string): readonly T[] {
    return this.windows.get(key)?.items ?? [];
  }

  /** Whether any key has items or an open window. */
  get busy(): boolean {
    return this.windows.size > 0;
  }

  /** Whether the key's window is still open (events are still coming). */
  isOpen(key: string): boolean {
    return this.windows.get(key)?.timer !== undefined;
  }

  /** Resolves once the key's window has closed; at once when none is open. */
  quiet(key: string): Promise<void> {
    const window = this.windows.get(key);
    if (window?.timer === undefined) return Promise.resolve();
    return new Promise((resolve) => window.waiters.push(resolve));
  }

  /** The items gathered for the key, which are forgotten. */
  take(key: string): T[] {
    const window = this.windows.get(key);
    if (window === undefined) return [];
    const items = window.items;
    window.items = [];
    if (window.timer === undefined) this.windows.delete(key);
    return items;
  }

  /** Cancels every open window (their items are dropped) and releases whoever waits on one. */
  clear(): void {
    for (const window of this.windows.values()) {
      clearTimeout(window.timer);
      for (const waiter of window.waiters.splice(0)) waiter();
    }
    this.windows.clear();
  }

  private close(key: string, window: Window<T>): void {
    window.timer = undefined;
    for (const waiter of window.waiters.splice(0)) waiter();
    if (window.items.length === 0) {
      this.windows.delete(key);
      return;
    }
    this.onReady(key);
  }
}
