import type { ProgressSink } from '../../plan/progress.js';
import type { CommandContext, GlobalSettings } from '../global-options.js';

/** Shows the progress events of one command; `finish` once the command's work has ended, however it ended. */
export interface ProgressRenderer {
  readonly sink: ProgressSink;
  finish(): Promise<void>;
}

/** The ways progress can be shown, `--progress auto` resolved. */
export type ProgressStyle = 'tty' | 'plain' | 'json' | 'quiet';

/** What a renderer needs to know besides the events. */
export interface RendererOptions {
  /** The verb for the heading of the TTY view (`Running`, `Stopping`, ...). */
  title: string;
  /** Mark every line as not really done (`--dry-run`). */
  dryRun: boolean;
}

/**
 * `--progress auto`: the live view when standard error is a terminal (or `--ansi always`), plain
 * lines otherwise and with `--ansi never`. Progress goes to standard error, as docker compose's
 * does, so standard output keeps only results.
 */
export function progressStyle(settings: Pick<GlobalSettings, 'progress' | 'ansi'>, context: CommandContext): ProgressStyle {
  if (settings.progress !== 'auto') return settings.progress;
  if (settings.ansi === 'never') return 'plain';
  if (settings.ansi === 'always') return 'tty';
  return context.isTerminal?.('stderr') === true ? 'tty' : 'plain';
}

/** The renderer for a style; listr2 is loaded only for the TTY view, to keep start-up fast elsewhere. */
export async function createProgressRenderer(style: ProgressStyle, context: CommandContext, options: RendererOptions): Promise<ProgressRenderer> {
  switch (style) {
    case 'quiet':
      return { sink: () => undefined, finish: () => Promise.resolve() };
    case 'json': {
      const { jsonProgress } = await import('./json-progress.js');
      return jsonProgress((text) => context.stderr(text), options);
    }
    case 'plain': {
      const { plainProgress } = await import('./plain-progress.js');
      return plainProgress((text) => context.stderr(text), options);
    }
    case 'tty': {
      const stream = context.terminalStream?.();
      // A terminal that does not say how wide it is (some CI pseudo-terminals) cannot be drawn on.
      if (stream === undefined || !(stream.columns > 0)) {
        const { plainProgress } = await import('./plain-progress.js');
        return plainProgress((text) => context.stderr(text), options);
      }
      const { ttyProgress } = await import('./tty-progress.js');
      return ttyProgress(stream, options);
    }
  }
}
