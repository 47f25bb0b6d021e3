import type { WatchReport } from '../api/watch.js';
import { globalSettings, type CommandContext, type GlobalFlags } from './global-options.js';
import { createProgressRenderer, progressStyle, type ProgressRenderer } from './progress/progress-renderer.js';

/**
 * Where a watch's reports go: one line each on standard output (failures on standard error),
 * between the containers' own lines when `up --watch` follows them.
 */
export function printReports(context: CommandContext): (report: WatchReport) => void {
  return (report) => {
    if (report.kind === 'failed') context.stderr(`error: ${report.text}\n`);
    else if (report.kind === 'warning') context.stderr(`warning: ${report.text}\n`);
    else context.stdout(`${report.text}\n`);
  };
}

/**
 * How the builds and reconciles that a watch runs show their progress: never the live view (it
 * would fight with the reports for the terminal through a session that lasts hours), and
 * nothing at all with `--quiet`.
 */
export async function watchProgress(globals: GlobalFlags, context: CommandContext, quiet: boolean): Promise<ProgressRenderer> {
  const style = quiet ? 'quiet' : progressStyle(globalSettings(globals, context.env), context);
  return createProgressRenderer(style === 'tty' ? 'plain' : style, context, { title: 'Watching', dryRun: false });
}
