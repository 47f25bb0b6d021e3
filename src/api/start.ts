import type { Backend, ContainerSummary } from '../engine/backend.js';
import { BerthError } from '../errors.js';
import { isRunning } from '../plan/container-facts.js';
import { FirstFailure } from '../plan/first-failure.js';
import { ImageLedger } from '../plan/image-ledger.js';
import { ImageResolver } from '../plan/steps/image-resolver.js';
import type { StepContext } from '../plan/steps/step-context.js';
import { waitForDependencyStep } from '../plan/steps/wait-steps.js';
import { DryRunBackend } from './dry-run-backend.js';
import { openProject, type ProjectContext, type ProjectOptions } from './project-context.js';
import { byService, listProjectContainers } from './project-containers.js';
import { reportStep } from './report-step.js';
import { serviceGraph, servicesInScope } from './service-graph.js';
import { walkServices } from './walk-services.js';

/** `start [SERVICE...]`: the services are `services` (all when absent). */
export type StartOptions = ProjectOptions;

/** What `start` did. */
export interface StartResult {
  /** The containers started, by name, sorted (those already running are not in it). */
  started: string[];
}

/**
 * Starts the existing, stopped containers of the services and of what they depend on, in
 * dependency order, each service once its dependencies meet their `depends_on` conditions (healthy,
 * completed). Creates nothing: a service named without containers is an error, as in docker compose
 * (`up` creates them).
 */
export async function start(options: StartOptions = {}): Promise<StartResult> {
  const context = await openProject(options);
  const { project, backend, onProgress } = context;
  const named = servicesInScope(project.model, options.services);
  const graph = serviceGraph(project.model);
  const services = graph.withDependencies(named);
  const containers = byService(await listProjectContainers(backend, project.name, { all: true }));
  checkSomethingToStart(named, containers, options.services !== undefined && options.services.length > 0);

  const started: string[] = [];
  // The first failure ends the other services' waits, as in up.
  const firstFailure = new FirstFailure(options.signal);
  await walkServices(graph, services, 'dependencies', async (service) => {
    await firstFailure.watch(waitForDependencies(context, service, containers, firstFailure.signal));
    const stopped = (containers.get(service) ?? []).filter((container) => !isRunning(container));
    await Promise.all(
      stopped.map((container) =>
        reportStep(onProgress, { resource: 'Container', name: container.name }, { working: 'Starting', done: 'Started' }, async () => {
          await backend.startContainer(container.id);
          started.push(container.name);
        }),
      ),
    );
  });
  return { started: started.sort() };
}

/** docker compose's refusals: a named service with no container, or a project with none at all. */
function checkSomethingToStart(services: readonly string[], containers: ReadonlyMap<string, ContainerSummary[]>, named: boolean): void {
  const hint = 'create the containers first with `berth up` (or `berth create`)';
  if (named) {
    const empty = services.find((service) => (containers.get(service) ?? []).length === 0);
    if (empty !== undefined) throw new BerthError('no-container', `service "${empty}" has no container to start`, { hint });
    return;
  }
  if (!services.some((service) => (containers.get(service) ?? []).length > 0)) {
    throw new BerthError('no-container', 'no containers to start', { hint });
  }
}

/** Waits, as `up` does, for the dependencies of `service` that must be healthy or have completed. */
async function waitForDependencies(
  context: ProjectContext,
  service: string,
  containers: ReadonlyMap<string, ContainerSummary[]>,
  waitSignal: AbortSignal,
): Promise<void> {
  // Nothing really starts in a dry run, so nothing would ever become healthy.
  if (context.backend instanceof DryRunBackend) return;
  const steps = stepContext(context.backend, context, waitSignal);
  const dependencies = Object.entries(context.project.model.services[service]?.depends_on ?? {});
  await Promise.all(
    dependencies.map(([dependency, details]) => {
      if (details.condition === 'service_started') return Promise.resolve();
      return waitForDependencyStep(steps, {
        kind: 'wait-for-dependency',
        service: dependency,
        condition: details.condition,
        containers: (containers.get(dependency) ?? []).map((container) => container.name),
        required: details.required,
        dependents: [service],
      });
    }),
  );
}

/** What the plan's wait step needs; only the engine, the project and progress matter to it. */
function stepContext(backend: Backend, context: ProjectContext, waitSignal: AbortSignal): StepContext {
  return {
    backend,
    project: context.project,
    progress: context.onProgress,
    images: new ImageResolver(backend),
    ledger: new ImageLedger(),
    serviceContainers: {},
    timeoutSeconds: undefined,
    environmentFiles: undefined,
    pollIntervalMs: 250,
    signal: undefined,
    waitSignal,
  };
}
