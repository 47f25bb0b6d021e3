import type { Writable } from 'node:stream';
import { openProject, type ProjectOptions } from './project-context.js';
import { reportStep } from './report-step.js';
import { runningServiceContainer } from './running-containers.js';

/** `export SERVICE`. */
export interface ExportOptions extends ProjectOptions {
  service: string;
  /** Which replica; the lowest-numbered running one when absent or 0. */
  index?: number;
  /**
   * Where the tar archive goes. It is written to, never ended: the caller owns it (a file to
   * close and rename into place, or standard output, which must stay open).
   */
  destination: Writable;
}

/** What `export` did. */
export interface ExportResult {
  /** The container exported. */
  container: string;
  /** The size of the archive written. */
  bytes: number;
}

/** Writes the file system of a service's running container, as the engine's tar archive, to `destination`. */
export async function exportContainer(options: ExportOptions): Promise<ExportResult> {
  const context = await openProject({ ...options, services: [options.service] });
  const container = await runningServiceContainer(context, options.service, options.index);
  const bytes = await reportStep(context.onProgress, { resource: 'Container', name: container.name }, { working: 'Exporting', done: 'Exported' }, async () => {
    const archive = await context.backend.exportContainer(container.id);
    return copyInto(archive, options.destination);
  });
  return { container: container.name, bytes };
}

/**
 * Copies a stream into one that stays open, each chunk handed over before the next is read, so
 * that a slow destination slows the engine's stream down instead of filling memory.
 */
async function copyInto(source: AsyncIterable<unknown>, destination: Writable): Promise<number> {
  let bytes = 0;
  for await (const chunk of source) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += data.length;
    await new Promise<void>((resolve, reject) => {
      destination.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }
  return bytes;
}
