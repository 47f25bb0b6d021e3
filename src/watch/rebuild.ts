// `rebuild`: build the images (each shared build once), then reconcile the services as `up` would,
// so that only a service whose image came out different is recreated, followed by the services
// that depend on it with `restart: true`. With prune, the images the rebuild left without a name
// (and that no container uses) are removed.

import type { LoadedProject } from '../config/load.js';
import type { Backend } from '../engine/backend.js';
import { executePlan } from '../plan/execute.js';
import { ImageLedger } from '../plan/image-ledger.js';
import { planBuild } from '../plan/plan-build.js';
import type { Plan } from '../plan/plan.js';
import type { ProgressSink } from '../plan/progress.js';
import { sharedBuilds, type SharedBuild } from './shared-builds.js';

/** What the session asks of `up`. */
export interface ReconcileRequest {
  /** The services to reconcile (with noDeps, only those); the session's scope when absent. */
  services?: string[];
  noDeps?: boolean;
  /** The images were just built: use them as they are (no build, no pull). */
  imagesBuilt?: boolean;
}

/** `up` as the session uses it: reloads the project from its files, reconciles, and says what it did. */
export type Reconcile = (request: ReconcileRequest) => Promise<{ project: LoadedProject; plan: Plan }>;

export interface RebuildContext {
  project: LoadedProject;
  backend: Backend;
  onProgress: ProgressSink;
  reconcile: Reconcile;
  prune: boolean;
  signal?: AbortSignal;
}

export interface RebuildOutcome {
  builds: SharedBuild[];
  /** Containers made anew, by service. */
  recreated: Map<string, string[]>;
  /** Dependents stopped and started again, by name. */
  restarted: string[];
  /** The ids (short) of the images pruned. */
  pruned: string[];
}

/** Rebuilds the services' images and brings the services up to date with them. */
export async function rebuild(context: RebuildContext, services: readonly string[]): Promise<RebuildOutcome> {
  const { project, backend } = context;
  const model = project.model;
  const builds = sharedBuilds(model, services);
  const before = new Map<string, string | undefined>();
  if (context.prune) {
    for (const reference of builds.flatMap((shared) => [shared.reference, ...shared.tags])) {
      before.set(reference, (await backend.inspectImage(reference))?.id);
    }
  }

  const representatives = builds.map((shared) => shared.services[0]).filter((name) => name !== undefined);
  await executePlan(planBuild(model, representatives), {
    backend,
    project,
    onProgress: context.onProgress,
    images: new ImageLedger(),
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  for (const shared of builds) for (const tag of shared.tags) await backend.tagImage(shared.reference, tag);

  const rebuilt = builds.flatMap((shared) => shared.services);
  const dependents = restartDependents(model, rebuilt);
  const { plan } = await context.reconcile({ services: [...rebuilt, ...dependents], noDeps: true, imagesBuilt: true });

  const recreated = new Map<string, string[]>();
  const restarted: string[] = [];
  for (const node of plan.nodes) {
    const action = node.action;
    if ((action.kind === 'recreate-container' || action.kind === 'create-container') && rebuilt.includes(action.service)) {
      recreated.set(action.service, [...(recreated.get(action.service) ?? []), action.name]);
    } else if (action.kind === 'stop-container' && dependents.includes(action.service)) {
      restarted.push(action.name);
    }
  }

  const pruned: string[] = [];
  for (const [reference, oldId] of before) {
    if (oldId === undefined) continue;
    const now = (await backend.inspectImage(reference))?.id;
    if (now === oldId) continue;
    // The engine refuses while a container uses the image or another name points at it: both mean keep it.
    const removed = await backend.removeImage(oldId).then(
      () => true,
      () => false,
    );
    if (removed) pruned.push(oldId.replace(/^sha256:/, '').slice(0, 12));
  }
  return { builds, recreated, restarted: restarted.sort(), pruned };
}

/** The services that depend with `restart: true` on one of these (and are not among them). */
export function restartDependents(model: LoadedProject['model'], services: readonly string[]): string[] {
  const rebuilt = new Set(services);
  return Object.entries(model.services)
    .filter(([name, service]) => !rebuilt.has(name) && Object.entries(service.depends_on ?? {}).some(([dependency, settings]) => rebuilt.has(dependency) && settings.restart === true))
    .map(([name]) => name)
    .sort();
}
