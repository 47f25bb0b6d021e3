import type { Backend } from '../engine/backend.js';
import { EngineError } from '../engine/engine-errors.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { listProjectContainers } from './project-containers.js';
import { readStatsSample, type ContainerStats } from './stats-sample.js';

export type { ContainerStats } from './stats-sample.js';

/** `stats [SERVICE...]`: the services are `services` (all when absent). */
export interface StatsOptions extends ProjectOptions {
  /** Stopped containers too (their figures are zeros). */
  all?: boolean;
}

/** One sample of each of the project's containers (one-off ones too), sorted by name. */
export async function stats(options: StatsOptions = {}): Promise<ContainerStats[]> {
  const { project, backend } = await openProject(options);
  return sampleProject(backend, project.name, options);
}

/**
 * Samples the project's containers again and again, about once a second, until `signal` aborts:
 * each round is a fresh list, so containers started or removed meanwhile come and go. The project
 * is loaded (and service names checked) before this returns, so those errors come first.
 */
export async function watchStats(options: StatsOptions = {}): Promise<AsyncIterable<ContainerStats[]>> {
  const { project, backend } = await openProject(options);
  return rounds(backend, project.name, options);
}

async function* rounds(backend: Backend, projectName: string, options: StatsOptions): AsyncGenerator<ContainerStats[]> {
  const signal = options.signal;
  const stopped = (): boolean => signal?.aborted === true;
  while (!stopped()) {
    const started = Date.now();
    const sample = await sampleProject(backend, projectName, options);
    // Aborted while sampling: what came back is no longer wanted.
    if (stopped()) return;
    yield sample;
    // The engine's one-shot sample already takes about a second; this keeps an empty project from spinning.
    await pause(ROUND_MS - (Date.now() - started), signal);
  }
}

const ROUND_MS = 1000;

async function sampleProject(backend: Backend, projectName: string, options: StatsOptions): Promise<ContainerStats[]> {
  const containers = await listProjectContainers(backend, projectName, { all: options.all === true, services: options.services, oneOff: 'include' });
  const samples = await Promise.all(
    containers.map(async (container) => {
      try {
        return readStatsSample(await backend.containerStats(container.id), container);
      } catch (error) {
        // Removed between the list and the sample: it is simply no longer there to report on.
        if (error instanceof EngineError && error.statusCode === 404) return undefined;
        throw error;
      }
    }),
  );
  return samples.filter((sample) => sample !== undefined);
}

function pause(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  if (milliseconds <= 0 || signal?.aborted === true) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal?.addEventListener('abort', done, { once: true });
  });
}
