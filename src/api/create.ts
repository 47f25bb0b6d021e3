import { up, type UpOptions } from './up.js';
import type { Stack } from './stack.js';

/** `create [SERVICE...]`: `up`'s options, less those about starting and waiting. */
export type CreateOptions = Omit<UpOptions, 'noStart' | 'wait' | 'waitTimeoutSeconds'>;

/** Creates the project's networks, volumes and containers without starting anything: `up` with `noStart`. */
export async function create(options: CreateOptions = {}): Promise<Stack> {
  return up({ ...options, noStart: true });
}
