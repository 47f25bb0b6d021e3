import type { LoadedProject } from '../config/load.js';
import { ImageNotFoundError } from '../engine/engine-errors.js';
import { executePlan, type ExecuteOptions } from '../plan/execute.js';
import { ImageLedger, type ImageLedgerView } from '../plan/image-ledger.js';
import type { BuildOption, PullOption } from '../plan/image-policy.js';
import { observeProject } from '../plan/observe.js';
import { planText } from '../plan/plan-text.js';
import { preflight } from '../plan/preflight/preflight.js';
import { isImageNode, type Plan, type PlanNode } from '../plan/plan.js';
import { reconcile, type ReconcileOptions } from '../plan/reconcile.js';
import { resourceLookups } from '../plan/resource-plan.js';
import { serviceScope } from '../plan/service-scope.js';
import { waitForServices, type AwaitedContainer } from '../plan/wait-for-services.js';
import { openProject, type ProjectContext, type ProjectOptions } from './project-context.js';
import { Stack } from './stack.js';

/** `up`: docker compose's flags of the same names, as options. */
export interface UpOptions extends ProjectOptions {
  /** Services to bring up (with their dependencies unless noDeps); all when absent. */
  services?: string[];
  noDeps?: boolean;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  alwaysRecreateDeps?: boolean;
  /** Create, but do not start. */
  noStart?: boolean;
  /** Remove containers of services the files no longer have; default from COMPOSE_REMOVE_ORPHANS. */
  removeOrphans?: boolean;
  /** `--scale service=n`. */
  scale?: Record<string, number>;
  /** Seconds between the stop signal and the kill when a container is replaced or stopped. */
  timeoutSeconds?: number;
  pull?: PullOption;
  /** `--build`: build every image that has a build section first; `--no-build`: build none. */
  build?: BuildOption;
  /** `-V`: recreate with fresh anonymous volumes. */
  renewAnonVolumes?: boolean;
  /** Wait until the containers are running, and healthy where they have a health check. */
  wait?: boolean;
  waitTimeoutSeconds?: number;
  /**
   * With `wait`: a container that has exited with status 0 counts as ready, whatever depends on it
   * (a migration, a seeder). Without it, only a service others wait on with
   * service_completed_successfully may have exited, as with docker compose.
   */
  acceptCompleted?: boolean;
  /** Plan only: nothing is changed; the returned Stack carries the plan and its text. */
  dryRun?: boolean;
  /** Aborting stops new steps from starting. */
  signal?: AbortSignal;
}

/** A plan for up, for `--dry-run` and for looking before leaping. */
export interface UpPlan {
  project: LoadedProject;
  plan: Plan;
  /** One step a line, with the reason for each recreate. */
  text: string;
}

/** Loads the project, looks at the engine and returns what up would do, changing nothing. */
export async function planUp(options: UpOptions): Promise<UpPlan> {
  const context = await openProject(options);
  const plan = await planInContext(context, options, new ImageLedger());
  return { project: context.project, plan, text: planText(plan) };
}

/**
 * Brings the project to what its files say: creates what is missing, recreates what diverged (and
 * only that), starts what is stopped, in dependency order and in parallel along the graph. Images
 * are pulled and built first, so that containers are compared with the images they would now get.
 * Returns the running stack.
 */
export async function up(options: UpOptions): Promise<Stack> {
  const context = await openProject(options);
  const { project, backend, onProgress } = context;
  const images = new ImageLedger();
  let plan = await planInContext(context, options, images).catch(async (error: unknown) => {
    // Pre-flight sees the image the planner stopped at through a plan made as if it could be pulled.
    if (options.dryRun !== true && error instanceof ImageNotFoundError) {
      const asIfPullable = await planInContext(context, { ...options, pull: 'missing' }, images, false).catch(() => undefined);
      await preflightUp(context, options, asIfPullable);
    }
    throw error;
  });
  if (options.dryRun === true) return new Stack(project, backend, onProgress, plan, planText(plan));
  await preflightUp(context, options, plan);

  const execute: ExecuteOptions = {
    backend,
    project,
    onProgress,
    images,
    ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
    ...(options.envFiles !== undefined && options.envFiles.length > 0 ? { environmentFiles: [...project.environment.files] } : {}),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  // Images first, then a new plan that sees them. A buildable service whose pull failed builds in
  // the next round; each round either fetches an image for the first time or ends the loop.
  const executed: PlanNode[] = [];
  for (let fetches = plan.nodes.filter(isImageNode); fetches.length > 0; fetches = plan.nodes.filter(isImageNode)) {
    await executePlan({ ...plan, nodes: fetches }, execute);
    executed.push(...fetches);
    plan = await planInContext(context, options, images, false);
  }
  await executePlan(plan, execute);
  for (const name of plan.upToDate) onProgress({ resource: 'Container', name, status: 'done', text: 'Running' });

  if (options.wait === true && options.noStart !== true) {
    await waitForServices(awaitedContainers(project, plan, options), {
      backend,
      progress: onProgress,
      ...(options.waitTimeoutSeconds === undefined ? {} : { timeoutSeconds: options.waitTimeoutSeconds }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }
  const done: Plan = { ...plan, nodes: [...executed, ...plan.nodes] };
  return new Stack(project, backend, onProgress, done, planText(done));
}

/** Pre-flight: every problem that would stop up halfway (ports, names, images), at once, before anything changes. */
async function preflightUp(context: ProjectContext, options: UpOptions, plan: Plan | undefined): Promise<void> {
  if (plan === undefined) return;
  const { project, backend } = context;
  await preflight({ backend, projectName: project.name, model: project.model, plan, warnings: project.warnings, pull: options.pull, build: options.build });
}

/** Observes the engine and reconciles; warnings go to onWarning (once: not again on the re-plan after pulls). */
async function planInContext(context: ProjectContext, options: UpOptions, images: ImageLedgerView, warn = true): Promise<Plan> {
  const { project, backend } = context;
  const scope = serviceScope(project.model, options);
  const observed = await observeProject(backend, project.name, resourceLookups(project.model, scope.services));
  const plan = reconcile({
    model: project.model,
    disabledServices: project.disabledServices,
    observed,
    options: { ...reconcileOptions(project, options), images },
  });
  if (warn) for (const warning of plan.warnings) options.onWarning?.(warning);
  return plan;
}

function reconcileOptions(project: LoadedProject, options: UpOptions): ReconcileOptions {
  const flag = (name: string): boolean => isTrue(project.environment.get(name));
  const chosen: ReconcileOptions = {
    removeOrphans: options.removeOrphans ?? flag('COMPOSE_REMOVE_ORPHANS'),
    ignoreOrphans: flag('COMPOSE_IGNORE_ORPHANS'),
  };
  if (options.services !== undefined) chosen.services = options.services;
  if (options.noDeps !== undefined) chosen.noDeps = options.noDeps;
  if (options.forceRecreate !== undefined) chosen.forceRecreate = options.forceRecreate;
  if (options.noRecreate !== undefined) chosen.noRecreate = options.noRecreate;
  if (options.alwaysRecreateDeps !== undefined) chosen.alwaysRecreateDeps = options.alwaysRecreateDeps;
  if (options.noStart !== undefined) chosen.noStart = options.noStart;
  if (options.scale !== undefined) chosen.scale = options.scale;
  if (options.pull !== undefined) chosen.pull = options.pull;
  if (options.build !== undefined) chosen.build = options.build;
  if (options.renewAnonVolumes !== undefined) chosen.renewAnonVolumes = options.renewAnonVolumes;
  return chosen;
}

/** A COMPOSE_* switch: Go's true spellings (`1`, `t`, `true`), as docker compose reads them, plus yes and on. */
function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

/**
 * The containers `--wait` waits for: those of the services in scope. One that others wait on with
 * service_completed_successfully may have exited (with status 0); with acceptCompleted, any may.
 */
function awaitedContainers(project: LoadedProject, plan: Plan, options: UpOptions): AwaitedContainer[] {
  const scope = serviceScope(project.model, options);
  const oneShot = new Set<string>(options.acceptCompleted === true ? scope.services : []);
  for (const service of Object.values(project.model.services)) {
    for (const [name, dependency] of Object.entries(service.depends_on ?? {})) {
      if (dependency.condition === 'service_completed_successfully') oneShot.add(name);
    }
  }
  return scope.services.flatMap((service) =>
    (plan.serviceContainers[service] ?? []).map((name) => ({ name, mayExit: oneShot.has(service) })),
  );
}
