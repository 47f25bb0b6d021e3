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
  /** The caller's: aborting stops new steps, and ends builds and waits. */
  signal: AbortSignal | undefined;
  /**
   * Ends the waits for dependencies: aborted by the caller's signal, or when a step has failed (the
   * run is over then, and a wait for a container that never gets healthy would keep berth from
   * saying so until its own timeout).
   */
  waitSignal: AbortSignal;
}
