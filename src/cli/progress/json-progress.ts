import type { ProgressEvent } from '../../plan/progress.js';
import type { ProgressRenderer, RendererOptions } from './progress-renderer.js';

/** The object `--progress json` prints for each event, one per line. */
export interface ProgressRecord {
  resource: ProgressEvent['resource'];
  name: string;
  status: ProgressEvent['status'];
  text: string;
  detail?: string;
  /** Present, and true, only with `--dry-run`. */
  dryRun?: true;
}

/** Every event as one JSON object on a line of its own, for programs that follow berth's work. */
export function jsonProgress(write: (text: string) => void, options: Pick<RendererOptions, 'dryRun'>): ProgressRenderer {
  return {
    sink: (event: ProgressEvent) => {
      const record: ProgressRecord = { resource: event.resource, name: event.name, status: event.status, text: event.text };
      if (event.detail !== undefined) record.detail = event.detail;
      if (options.dryRun) record.dryRun = true;
      write(`${JSON.stringify(record)}\n`);
    },
    finish: () => Promise.resolve(),
  };
}
