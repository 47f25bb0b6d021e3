import type { Backend } from '../engine/backend.js';
import type { ProgressSink } from '../plan/progress.js';
import { layerProgress } from './layer-progress.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { serviceGraph, servicesInScope } from './service-graph.js';

/** `push [SERVICE...]`: the services are `services` (all when absent). */
export interface PushOptions extends ProjectOptions {
  /** A failed push only warns. */
  ignorePushFailures?: boolean;
  /** Also push the images of the services the named ones depend on. */
  includeDeps?: boolean;
}

/** A push that failed and was only warned about. */
export interface PushFailure {
  image: string;
  message: string;
}

/** What `push` did. */
export interface PushResult {
  /** The images pushed, sorted. */
  pushed: string[];
  /** The services left alone: they have no `image:` to push to, sorted. */
  skipped: string[];
  failed: PushFailure[];
}

/**
 * Pushes the images of the services to their registries, each image once, all at the same time.
 * A service with no `image:` has no name in a registry and is skipped, as with docker compose.
 * Credentials come from the docker CLI's configuration, read by the engine backend.
 */
export async function push(options: PushOptions = {}): Promise<PushResult> {
  const { project, backend, onProgress } = await openProject(options);
  let names = servicesInScope(project.model, options.services);
  if (options.includeDeps === true) names = serviceGraph(project.model).withDependencies(names);
  const images: string[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    const image = project.model.services[name]?.image;
    if (image === undefined || image === '') skipped.push(name);
    else images.push(image);
  }
  const failed: PushFailure[] = [];
  const pushed = await pushImages(backend, images, onProgress, options.ignorePushFailures === true ? { failures: failed } : {});
  return { pushed, skipped: skipped.sort(), failed };
}

/**
 * Pushes each image once, all at the same time. With `failures`, a failed push is recorded there
 * and warned about; without, the first failure is thrown once every push has ended.
 */
export async function pushImages(backend: Backend, images: readonly string[], onProgress: ProgressSink, tolerate: { failures?: PushFailure[] }): Promise<string[]> {
  const pushed: string[] = [];
  const errors: unknown[] = [];
  await Promise.all(
    [...new Set(images)].map(async (image) => {
      const target = { resource: 'Image' as const, name: image };
      onProgress({ ...target, status: 'working', text: 'Pushing' });
      try {
        await backend.pushImage(image, layerProgress(onProgress, image, 'Pushing'));
        pushed.push(image);
        onProgress({ ...target, status: 'done', text: 'Pushed' });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (tolerate.failures !== undefined) {
          tolerate.failures.push({ image, message });
          onProgress({ ...target, status: 'warning', text: 'Warning', detail: message });
        } else {
          onProgress({ ...target, status: 'error', text: 'Error', detail: message });
          errors.push(error);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
  tolerate.failures?.sort((a, b) => (a.image < b.image ? -1 : 1));
  return pushed.sort();
}
