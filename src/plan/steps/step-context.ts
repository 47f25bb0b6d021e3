import type { LoadedProject } from '../../config/load.js';
import type { Backend } from '../../engine/backend.js';
import type { ProgressSink } from '../progress.js';
import type { ImageLedger } from '../image-ledger.js';
import type { ImageResolver } from './image-resolver.js';

/** What every step of an execution shares. */
export interface StepContext {
  backend: Backend;
  project: LoadedProject;
  progress: ProgressSink;
  images: ImageResolver;
  /** What this run pulled and built. */
  ledger: ImageLedger;
  /** The containers each service will have, by name, lowest number first (the plan's). */
  serviceContainers: Readonly<Record<string, readonly string[]>>;
  /** `--timeout`: seconds between the stop signal and the kill; the container's own when undefined. */
  timeoutSeconds: number | undefined;
  /** `--env-file` files, for the container label; undefined when none were given. */
  environmentFiles: string[] | undefined;
  /** How often a wait looks at a container again. */
  pollIntervalMs: number;
  signal: AbortSignal | undefined;
}
