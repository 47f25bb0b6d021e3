import type { Backend } from '../engine/backend.js';
import type { Service } from '../model/index.js';
import type { ProgressSink } from '../plan/progress.js';
import { layerProgress } from './layer-progress.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { serviceGraph, servicesInScope } from './service-graph.js';

/** `pull [SERVICE...]`: the services are `services` (all when absent). */
export interface PullOptions extends ProjectOptions {
  /** A failed pull only warns (a service that also builds its image always only warns). */
  ignorePullFailures?: boolean;
  /** Skip the services that have a `build` section. */
  ignoreBuildable?: boolean;
  /** Also pull the images of the services the named ones depend on. */
  includeDeps?: boolean;
  /** `missing`: only images not present locally, whatever the services' `pull_policy`. */
  policy?: 'missing' | 'always';
}

/** A pull that failed and was only warned about. */
export interface PullFailure {
  image: string;
  message: string;
}

/** What `pull` did. */
export interface PullResult {
  /** The images pulled, sorted. */
  pulled: string[];
  /** The images left alone (present with policy `missing`, or `pull_policy: never`/`build`), sorted. */
  skipped: string[];
  /** The failures that only warned. */
  failed: PullFailure[];
}

/**
 * Pulls the images of the services, each image once, all at the same time. A failure is thrown
 * once every pull has ended, unless `ignorePullFailures` or the service can build the image.
 */
export async function pull(options: PullOptions = {}): Promise<PullResult> {
  const { project, backend, onProgress } = await openProject(options);
  let names = servicesInScope(project.model, options.services);
  if (options.includeDeps === true) names = serviceGraph(project.model).withDependencies(names);

  const wanted = new Map<string, { platform: string | undefined; buildable: boolean; policy: string | undefined }>();
  const skipped = new Set<string>();
  for (const name of names) {
    const service: Service | undefined = project.model.services[name];
    const image = service?.image;
    if (service === undefined || image === undefined || image === '') continue;
    const buildable = service.build !== undefined;
    if (service.pull_policy === 'never' || service.pull_policy === 'build' || (buildable && options.ignoreBuildable === true)) {
      skipped.add(image);
      continue;
    }
    const policy = options.policy ?? service.pull_policy;
    const earlier = wanted.get(image);
    wanted.set(image, {
      platform: earlier?.platform ?? service.platform,
      buildable: (earlier?.buildable ?? true) && buildable,
      policy: earlier?.policy === 'always' ? 'always' : policy,
    });
  }

  const pulled: string[] = [];
  const failed: PullFailure[] = [];
  const errors: unknown[] = [];
  await Promise.all(
    [...wanted].map(async ([image, wish]) => {
      const target = { resource: 'Image' as const, name: image };
      if ((wish.policy === 'missing' || wish.policy === 'if_not_present') && (await backend.inspectImage(image)) !== undefined) {
        onProgress({ ...target, status: 'done', text: 'Skipped', detail: 'Image is already present locally' });
        skipped.add(image);
        return;
      }
      try {
        await pullImage(backend, image, wish.platform, onProgress);
        pulled.push(image);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (options.ignorePullFailures === true || wish.buildable) {
          onProgress({ ...target, status: 'warning', text: 'Warning', detail: message });
          failed.push({ image, message });
        } else {
          onProgress({ ...target, status: 'error', text: 'Error', detail: message });
          errors.push(error);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
  return { pulled: pulled.sort(), skipped: [...skipped].sort(), failed: failed.sort((a, b) => (a.image < b.image ? -1 : 1)) };
}

/** One pull, reporting a layer's progress only when its stage changes (not at every byte). */
async function pullImage(backend: Backend, image: string, platform: string | undefined, onProgress: ProgressSink): Promise<void> {
  const target = { resource: 'Image' as const, name: image };
  onProgress({ ...target, status: 'working', text: 'Pulling' });
  await backend.pullImage(image, layerProgress(onProgress, image, 'Pulling'), platform);
  onProgress({ ...target, status: 'done', text: 'Pulled' });
}
