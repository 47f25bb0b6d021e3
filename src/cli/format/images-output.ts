import type { ContainerImage } from '../../api/images.js';
import { decimalSize } from './byte-size.js';
import { composeTable } from './compose-table.js';
import { timeAgo } from './human-duration.js';
import { rfc3339Nano } from './rfc3339.js';

/** What the `images` output depends on besides the images. */
export interface ImagesFormatOptions {
  now: Date;
}

/**
 * `images` as a table, with docker compose v5's columns: CONTAINER REPOSITORY TAG PLATFORM IMAGE ID
 * SIZE CREATED (v2 releases before PLATFORM and CREATED were added printed the other five alone).
 */
export function renderImagesTable(images: readonly ContainerImage[], options: ImagesFormatOptions): string {
  return composeTable([
    ['CONTAINER', 'REPOSITORY', 'TAG', 'PLATFORM', 'IMAGE ID', 'SIZE', 'CREATED'],
    ...images.map((image) => [
      image.container,
      image.repository === '' ? '<none>' : image.repository,
      image.tag === '' ? '<none>' : image.tag,
      platformOf(image),
      shortId(image.id),
      decimalSize(image.size),
      image.created === undefined ? 'N/A' : timeAgo(image.created, options.now),
    ]),
  ]);
}

/**
 * `images --format json`: one JSON array on one line, with docker compose's keys in its order
 * (`ID`, `ContainerName`, `Repository`, `Tag`, `Platform`, `Size` in bytes, `Created` when known).
 */
export function renderImagesJson(images: readonly ContainerImage[]): string {
  return `${JSON.stringify(images.map(imageRecord))}\n`;
}

/** The JSON object of one container's image. */
export function imageRecord(image: ContainerImage): Record<string, unknown> {
  const record: Record<string, unknown> = {
    ID: image.id,
    ContainerName: image.container,
    Repository: image.repository,
    Tag: image.tag,
    Platform: platformOf(image),
    Size: image.size,
  };
  // The engine's creation time arrives here in whole seconds; docker compose prints the engine's fraction too.
  if (image.created !== undefined) record.Created = rfc3339Nano(image.created, 0, 0);
  return record;
}

/** `-q`: the image ids without `sha256:`, each once. */
export function renderImageIds(images: readonly ContainerImage[]): string {
  return [...new Set(images.map((image) => image.id.replace(/^[^:]*:/, '')))].map((id) => `${id}\n`).join('');
}

/** `linux/amd64` as containerd formats a platform; `unknown` when the engine gave no OS. */
function platformOf(image: ContainerImage): string {
  return image.os === '' ? 'unknown' : [image.os, image.architecture].filter((part) => part !== '').join('/');
}

/** Docker's short id: the first twelve digits, without the `sha256:` algorithm. */
function shortId(id: string): string {
  return id.replace(/^[^:]*:/, '').slice(0, 12);
}
