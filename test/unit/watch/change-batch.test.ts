import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeBatch } from '../../../src/watch/change-batch.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ChangeBatch', () => {
  it('coalesces a burst into one window per key, closed after the quiet time', () => {
    const ready: string[] = [];
    const batch = new ChangeBatch<string>((key) => ready.push(key));
    for (let save = 0; save < 10; save++) {
      batch.add('web', `save ${save}`, 100);
      vi.advanceTimersByTime(30);
    }
    batch.add('api', 'one', 100);
    expect(ready).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(ready).toEqual(['web', 'api']);
    expect(batch.take('web')).toHaveLength(10);
    expect(batch.take('api')).toEqual(['one']);
    expect(batch.busy).toBe(false);
  });

  it('closes a window that never goes quiet after the longest wait', () => {
    const ready: string[] = [];
    const batch = new ChangeBatch<number>((key) => ready.push(key), 1000);
    for (let tick = 0; tick < 30; tick++) {
      batch.add('web', tick, 100);
      vi.advanceTimersByTime(50);
      if (ready.length > 0) break;
    }
    expect(ready).toEqual(['web']);
    expect(batch.take('web').length).toBeGreaterThanOrEqual(19);
  });

  it('takes the longest quiet time asked for while a window is open', () => {
    const ready: string[] = [];
    const batch = new ChangeBatch<string>((key) => ready.push(key));
    batch.add('web', 'sync', 50);
    batch.add('web', 'restart', 300);
    vi.advanceTimersByTime(100);
    expect(ready).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(ready).toEqual(['web']);
  });

  it('quiet() waits for an open window; peek and has leave the items in place', async () => {
    const batch = new ChangeBatch<string>(() => undefined);
    expect(batch.has('web')).toBe(false);
    batch.add('web', 'a', 100);
    expect(batch.peek('web')).toEqual(['a']);
    expect(batch.isOpen('web')).toBe(true);
    let quiet = false;
    void batch.quiet('web').then(() => (quiet = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(quiet).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(quiet).toBe(true);
    expect(batch.has('web')).toBe(true);
    expect(batch.take('web')).toEqual(['a']);
    await expect(batch.quiet('web')).resolves.toBeUndefined();
  });

  it('clear() drops everything and calls nobody', () => {
    const ready: string[] = [];
    const batch = new ChangeBatch<string>((key) => ready.push(key));
    batch.add('web', 'a', 100);
    batch.clear();
    vi.advanceTimersByTime(1000);
    expect(ready).toEqual([]);
    expect(batch.busy).toBe(false);
  });
});
