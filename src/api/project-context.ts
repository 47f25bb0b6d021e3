import { loadProject, type LoadOptions, type LoadedProject } from '../config/load.js';
import type { Backend } from '../engine/backend.js';
import type { DockerBackend } from '../engine/docker/docker-backend.js';
import { ignoreProgress, type ProgressSink } from '../plan/progress.js';

/** What every verb that talks to the engine takes: the loader's options, plus where to send progress. */
export interface ProjectOptions extends LoadOptions {
  /** The engine to use; by default the Docker engine found from DOCKER_HOST, the current context or the default socket. */
  backend?: Backend;
  /** Progress events (pulls, creates, starts, ...); dropped by default. */
  onProgress?: ProgressSink;
  /** Aborting stops the verb from starting new work; what runs finishes, then the verb throws. */
  signal?: AbortSignal;
}

/** A loaded project and the engine it runs on: the starting point of every verb. */
export interface ProjectContext {
  project: LoadedProject;
  backend: Backend;
  onProgress: ProgressSink;
}

/** Loads the project and connects to the engine (loading the engine client only now, to keep start-up fast). */
export async function openProject(options: ProjectOptions): Promise<ProjectContext> {
  const connecting = options.backend === undefined ? meetEngine(defaultBackend(options.env ?? process.env)) : undefined;
  // A load error comes first; only then is the engine's own fault reported.
  connecting?.catch(() => undefined);
  const project = await loadProject(options);
  const backend = options.backend ?? (await (connecting ?? defaultBackend(options.env ?? process.env)));
  return { project, backend, onProgress: options.onProgress ?? ignoreProgress };
}

/**
 * Starts the first engine call (which negotiates the API version) while the compose files load, so
 * that its round trip overlaps with parsing. Its failure is left for the verb's first real call to
 * report, which asks again.
 */
async function meetEngine(connecting: Promise<DockerBackend>): Promise<Backend> {
  const backend = await connecting;
  backend.apiVersion().catch(() => undefined);
  return backend;
}

/** The Docker engine named by the environment. */
export async function defaultBackend(env: NodeJS.ProcessEnv): Promise<DockerBackend> {
  const { connectDocker } = await import('../engine/docker/docker-backend.js');
  return connectDocker(env);
}
