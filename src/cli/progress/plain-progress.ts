import type { ProgressEvent } from '../../plan/progress.js';
import { DRY_RUN_PREFIX, progressLine } from './progress-line.js';
import type { ProgressRenderer, RendererOptions } from './progress-renderer.js';

/**
 * One line per change, as docker compose's `--progress plain` prints them (`Container demo-web-1
 * Started`): for logs, CI and anything that is not a terminal. A repeat of a resource's last line
 * is not printed again.
 */
export function plainProgress(write: (text: string) => void, options: Pick<RendererOptions, 'dryRun'>): ProgressRenderer {
  const last = new Map<string, string>();
  const prefix = options.dryRun ? DRY_RUN_PREFIX : '';
  return {
    sink: (event: ProgressEvent) => {
      const line = progressLine(event);
      const key = `${event.resource} ${event.name}`;
      if (last.get(key) === line) return;
      last.set(key, line);
      write(`${prefix}${line}\n`);
    },
    finish: () => Promise.resolve(),
  };
}
