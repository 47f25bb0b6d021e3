import { executePlan } from '../plan/execute.js';
import { ImageLedger } from '../plan/image-ledger.js';
import { planBuild } from '../plan/plan-build.js';
import { planText } from '../plan/plan-text.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { pushImages } from './push.js';
import { serviceGraph, servicesInScope } from './service-graph.js';

/** `build [SERVICE...]`: the services are `services` (all when absent). */
export interface BuildOptions extends ProjectOptions {
  /** Build every step again, not from the cache. */
  noCache?: boolean;
  /** Pull newer versions of the base images. */
  pull?: boolean;
  /** `--build-arg KEY=VALUE`: replaces the build sections' value of the same name. */
  buildArgs?: Record<string, string>;
  /** Also build the images of the services the named ones depend on. */
  withDependencies?: boolean;
  /** Push the images once built (those of services with an `image:`). */
  push?: boolean;
  /** Builds at once; COMPOSE_PARALLEL_LIMIT when not given. */
  parallel?: number;
  /** Plan only: nothing is built. */
  dryRun?: boolean;
  /** Aborting ends the builds running and starts no more. */
  signal?: AbortSignal;
}

/** What `build` did. */
export interface BuildResult {
  /** The images built (or, with dryRun, that would be), sorted. */
  built: string[];
  /** The services named (or in scope) that have nothing to build, sorted. */
  skipped: string[];
  pushed: string[];
  /** One step a line. */
  planText: string;
}

/**
 * Builds the images of the services that have a build section, each image once however many
 * services use it, independent images at the same time. The first failure ends the run (the
 * builds already running finish) and is thrown.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const { project, backend, onProgress } = await openProject(options);
  let services = servicesInScope(project.model, options.services);
  if (options.withDependencies === true) services = serviceGraph(project.model).withDependencies(services);
  const plan = planBuild(project.model, services, {
    ...(options.noCache === true ? { noCache: true } : {}),
    ...(options.pull === true ? { pull: true } : {}),
    ...(options.buildArgs === undefined ? {} : { args: options.buildArgs }),
  });
  const built = plan.nodes.flatMap((node) => (node.action.kind === 'build-image' ? [node.action.reference] : [])).sort();
  const building = new Set(plan.nodes.flatMap((node) => (node.action.kind === 'build-image' ? node.action.services : [])));
  const skipped = services.filter((name) => !building.has(name)).sort();
  const text = planText(plan);
  if (options.dryRun === true) return { built, skipped, pushed: [], planText: text };

  await executePlan(plan, {
    backend,
    project,
    onProgress,
    images: new ImageLedger(),
    ...(options.parallel === undefined ? {} : { parallelLimit: options.parallel }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  let pushed: string[] = [];
  if (options.push === true) {
    const explicit = [...building].flatMap((name) => {
      const image = project.model.services[name]?.image;
      return image === undefined || image === '' ? [] : [image];
    });
    pushed = await pushImages(backend, explicit, onProgress, {});
  }
  return { built, skipped, pushed, planText: text };
}
