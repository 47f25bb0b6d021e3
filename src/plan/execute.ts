import type { LoadedProject } from '../config/load.js';
import type { Backend } from '../engine/backend.js';
import { FirstFailure } from './first-failure.js';
import { parallelLimit } from './parallel-limit.js';
import type { Plan, PlanNode } from './plan.js';
import { ignoreProgress, type ProgressSink } from './progress.js';
import { runGraph } from './run-graph.js';
import {
  createContainerStep,
  recreateContainerStep,
  removeContainerStep,
  renameContainerStep,
  startContainerStep,
  stopContainerStep,
} from './steps/container-steps.js';
import { buildImageStep } from './steps/build-step.js';
import { ImageLedger } from './image-ledger.js';
import { ImageResolver } from './steps/image-resolver.js';
import {
  createNetworkStep,
  createVolumeStep,
  pullImageStep,
  removeImageStep,
  removeNetworkStep,
  removeVolumeStep,
} from './steps/resource-steps.js';
import type { StepContext } from './steps/step-context.js';
import { waitForDependencyStep } from './steps/wait-steps.js';

/** What carrying out a plan needs besides the plan. */
export interface ExecuteOptions {
  backend: Backend;
  project: LoadedProject;
  onProgress?: ProgressSink;
  /** Steps running at once; by default the project's COMPOSE_PARALLEL_LIMIT, else DEFAULT_PARALLEL_LIMIT. */
  parallelLimit?: number;
  /** Seconds between stop signal and kill; each container's own when undefined. */
  timeoutSeconds?: number;
  /** `--env-file` files, recorded on the containers. */
  environmentFiles?: string[];
  /** How often health is polled while waiting. */
  pollIntervalMs?: number;
  /** Aborting stops new steps from starting. */
  signal?: AbortSignal;
  /** Where image steps record what they pulled and built (up reads it to plan again). */
  images?: ImageLedger;
}

/**
 * Carries out a plan: every step as soon as its own dependencies are done, up to the parallel limit,
 * reporting progress. Takes no decisions: what to do was decided by the reconciler. The first
 * failure stops new steps and ends the waits for dependencies; the other steps running finish;
 * then it throws that failure. Whatever state that
 * leaves is one the next reconcile converges from.
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<void> {
  const firstFailure = new FirstFailure(options.signal);
  const context: StepContext = {
    backend: options.backend,
    project: options.project,
    progress: options.onProgress ?? ignoreProgress,
    images: new ImageResolver(options.backend),
    ledger: options.images ?? new ImageLedger(),
    serviceContainers: plan.serviceContainers,
    timeoutSeconds: options.timeoutSeconds,
    environmentFiles: options.environmentFiles,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    signal: options.signal,
    waitSignal: firstFailure.signal,
  };
  await runGraph(plan.nodes, (node) => firstFailure.watch(runStep(context, node)), {
    limit: options.parallelLimit ?? parallelLimit(options.project.environment.get('COMPOSE_PARALLEL_LIMIT')),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

function runStep(context: StepContext, node: PlanNode): Promise<void> {
  const { action } = node;
  switch (action.kind) {
    case 'create-network':
      return createNetworkStep(context, action);
    case 'create-volume':
      return createVolumeStep(context, action);
    case 'pull-image':
      return pullImageStep(context, action);
    case 'build-image':
      return buildImageStep(context, action, node.reason);
    case 'create-container':
      return createContainerStep(context, action);
    case 'recreate-container':
      return recreateContainerStep(context, action, node.reason);
    case 'start-container':
      return startContainerStep(context, action);
    case 'stop-container':
      return stopContainerStep(context, action);
    case 'remove-container':
      return removeContainerStep(context, action);
    case 'rename-container':
      return renameContainerStep(context, action);
    case 'wait-for-dependency':
      return waitForDependencyStep(context, action);
    case 'remove-network':
      return removeNetworkStep(context, action);
    case 'remove-volume':
      return removeVolumeStep(context, action);
    case 'remove-image':
      return removeImageStep(context, action);
  }
}
