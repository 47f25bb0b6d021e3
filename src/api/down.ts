import { ConfigError } from '../config/config-error.js';
import { createEnvironment } from '../config/environment.js';
import type { LoadedProject } from '../config/load.js';
import type { Backend } from '../engine/backend.js';
import { serviceImageReference } from '../engine/spec/container-spec.js';
import { executePlan } from '../plan/execute.js';
import { observeProject } from '../plan/observe.js';
import { planDown as planDownSteps, type DownPlanOptions } from '../plan/plan-down.js';
import { planText } from '../plan/plan-text.js';
import type { Plan } from '../plan/plan.js';
import { ignoreProgress, type ProgressSink } from '../plan/progress.js';
import { defaultBackend, openProject, type ProjectOptions } from './project-context.js';

/** `down`: what to remove besides the containers, and how long to give them to stop. */
export interface DownOptions extends ProjectOptions, DownPlanOptions {
  /** Seconds between the stop signal and the kill; each container's own stop_grace_period when undefined. */
  timeoutSeconds?: number;
  /** Aborting stops new steps from starting. */
  signal?: AbortSignal;
}

/** What down did. */
export interface DownResult {
  projectName: string;
  plan: Plan;
  /** The plan's text: one removed thing a line. */
  text: string;
}

/** What down would do: its plan, with the size of each volume `volumes` would delete. */
export interface DownPlan {
  projectName: string;
  plan: Plan;
  /** One thing to remove a line; volumes with their sizes in bytes (`planText` with `formatSize` reads them otherwise). */
  text: string;
}

/** The project as down needs it: the files' model when they could be read, else the name alone. */
export interface DownTarget {
  project: LoadedProject;
  /** False when no compose file was found and the project is known by name only (`-p`). */
  fromFiles: boolean;
  backend: Backend;
  onProgress: ProgressSink;
}

/**
 * Stops and removes the project's containers (dependents first, independent ones in parallel), then
 * its networks, with `volumes` its volumes, with `rmi` its images. As docker compose, it needs the
 * compose files, except when the project is named (`-p`) and no file is found: then everything with
 * the project's label goes.
 */
export async function down(options: DownOptions): Promise<DownResult> {
  return downProject(await openDownTarget(options), options);
}

/**
 * What down would remove, changing nothing. With `volumes`, the engine measures the volumes (a
 * slow call on a full disk, made only here), so the plan says how much each one deleted holds.
 */
export async function planDown(options: DownOptions): Promise<DownPlan> {
  const target = await openDownTarget(options);
  const plan = await planInTarget(target, options, options.volumes === true);
  return { projectName: target.project.name, plan, text: planText(plan) };
}

/** Opens the project for down, falling back to the name alone when there are no files and a name was given. */
export async function openDownTarget(options: DownOptions): Promise<DownTarget> {
  try {
    const context = await openProject(options);
    return { ...context, fromFiles: true };
  } catch (error) {
    const noFiles = error instanceof ConfigError && error.reason.startsWith('no configuration file provided');
    if (!noFiles || options.projectName === undefined) throw error;
    const backend = options.backend ?? (await defaultBackend(options.env ?? process.env));
    return { project: nameOnlyProject(options.projectName, options), fromFiles: false, backend, onProgress: options.onProgress ?? ignoreProgress };
  }
}

/** Down for a project already opened (what Stack.down uses). */
export async function downProject(
  target: DownTarget,
  options: DownPlanOptions & { timeoutSeconds?: number; signal?: AbortSignal; onWarning?: (message: string) => void },
): Promise<DownResult> {
  const { project, backend } = target;
  const plan = await planInTarget(target, options, false);
  await executePlan(plan, {
    backend,
    project,
    onProgress: target.onProgress,
    ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { projectName: project.name, plan, text: planText(plan) };
}

/** Observes the engine and plans down; warnings go to onWarning. `measure` asks the engine for the volumes' sizes. */
async function planInTarget(
  target: DownTarget,
  options: DownPlanOptions & { onWarning?: (message: string) => void },
  measure: boolean,
): Promise<Plan> {
  const { project, backend } = target;
  const model = target.fromFiles ? project.model : undefined;
  const imageReferences =
    options.rmi !== undefined && model !== undefined
      ? Object.entries(model.services).map(([name, service]) => serviceImageReference(project.name, name, service))
      : [];
  const [observed, volumeSizes] = await Promise.all([
    observeProject(backend, project.name, { images: imageReferences }),
    measure ? backend.volumeSizes() : undefined,
  ]);
  if (options.rmi !== undefined && model === undefined) {
    // Without files, the images are those the containers run.
    for (const container of observed.containers) observed.images[container.image] ??= await backend.inspectImage(container.image);
  }
  const plan = planDownSteps({
    model,
    projectName: project.name,
    disabledServices: project.disabledServices,
    observed,
    options,
    ...(volumeSizes === undefined ? {} : { volumeSizes }),
  });
  for (const warning of plan.warnings) options.onWarning?.(warning);
  return plan;
}

/** A project with no services, known by name only. */
function nameOnlyProject(name: string, options: DownOptions): LoadedProject {
  const env = options.env ?? process.env;
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) if (value !== undefined) values.set(key, value);
  return {
    model: { name, services: {} },
    name,
    workingDir: options.workingDir ?? process.cwd(),
    configFiles: [],
    environment: createEnvironment(values),
    activeProfiles: [],
    allProfiles: [],
    disabledServices: [],
    warnings: [],
  };
}
