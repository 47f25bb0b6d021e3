import type { Backend, ContainerSummary, ImageSummary } from '../engine/backend.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { listProjectContainers } from './project-containers.js';

/** `images [SERVICE...]`: the services are `services` (all when absent). */
export type ImagesOptions = ProjectOptions;

/** The image of one container of the project, as `images` reports it. */
export interface ContainerImage {
  /** The container's name (`demo-web-1`). */
  container: string;
  /** The image id (`sha256:...`). */
  id: string;
  /** The repository the container was created from, in its short form (`nginx`, `ghcr.io/acme/app`); empty for an image given by id. */
  repository: string;
  /** Its tag (`latest` when the reference has none); empty for an image given by id or by digest. */
  tag: string;
  os: string;
  architecture: string;
  /** Bytes; 0 when the engine did not say. */
  size: number;
  /** Unix seconds; undefined when the engine did not say. */
  created: number | undefined;
}

/**
 * The images of the project's containers (stopped and one-off ones too), sorted by container name.
 * Each image is inspected once however many containers use it. A container whose image is gone
 * from the engine is left out: there is nothing to report about it.
 */
export async function images(options: ImagesOptions = {}): Promise<ContainerImage[]> {
  const { project, backend } = await openProject(options);
  const containers = await listProjectContainers(backend, project.name, { all: true, services: options.services, oneOff: 'include' });
  const inspected = new Map<string, Promise<ImageSummary | undefined>>();
  const rows = await Promise.all(
    containers.map(async (container) => {
      const key = `${container.image}\u0000${container.imageId}`;
      let image = inspected.get(key);
      if (image === undefined) {
        image = imageOf(backend, container);
        inspected.set(key, image);
      }
      const found = await image;
      return found === undefined ? undefined : toContainerImage(container, found);
    }),
  );
  return rows.filter((row) => row !== undefined);
}

/**
 * The image a container runs. Looked up by the reference it was created from, as docker compose
 * does; when that name has since moved to another image (a rebuild, a pull), by the container's
 * own image id instead, so the row describes what actually runs.
 */
async function imageOf(backend: Backend, container: ContainerSummary): Promise<ImageSummary | undefined> {
  const byReference = container.image === '' ? undefined : await backend.inspectImage(container.image);
  if (byReference !== undefined && (container.imageId === '' || byReference.id === container.imageId)) return byReference;
  const byId = container.imageId === '' ? undefined : await backend.inspectImage(container.imageId);
  return byId ?? byReference;
}

function toContainerImage(container: ContainerSummary, image: ImageSummary): ContainerImage {
  const { repository, tag } = repositoryAndTag(container.image);
  return {
    container: container.name,
    id: image.id,
    repository,
    tag,
    os: image.os ?? '',
    architecture: image.architecture ?? '',
    size: image.size ?? 0,
    created: image.created,
  };
}

/**
 * A reference's repository in the short form docker shows (`docker.io/library/nginx` → `nginx`) and
 * its tag, `latest` when none is written. A digest wins over a tag, leaving no tag, as in docker's
 * own parsing; an image id (`sha256:...`, or 64 hex digits) has neither.
 */
export function repositoryAndTag(reference: string): { repository: string; tag: string } {
  if (/^(sha256:)?[0-9a-f]{64}$/.test(reference)) return { repository: '', tag: '' };
  const at = reference.indexOf('@');
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const repository = colon > slash ? name.slice(0, colon) : name;
  const tag = at >= 0 ? '' : colon > slash ? name.slice(colon + 1) : 'latest';
  return { repository: familiarName(repository), tag };
}

/** Docker Hub's names without the registry, and its official images without `library/`. */
function familiarName(repository: string): string {
  const parts = repository.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) return parts.length === 2 && first === 'library' ? (parts[1] ?? repository) : repository;
  if (first !== 'docker.io' && first !== 'index.docker.io') return repository;
  const rest = parts.slice(1);
  return rest.length === 2 && rest[0] === 'library' ? (rest[1] ?? repository) : rest.join('/');
}
