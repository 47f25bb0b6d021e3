import type { ProjectOptions } from '../api/project-context.js';
import type { ProgressEvent } from '../plan/progress.js';
import { globalSettings, toLoadOptions, type CommandContext, type GlobalFlags } from './global-options.js';
import { createProgressRenderer, progressStyle, type ProgressRenderer, type RendererOptions } from './progress/progress-renderer.js';

/**
 * The options every verb on a project starts from: the loader's (from the global flags), the
 * services named on the command line, and, with `--dry-run`, an engine that changes nothing.
 */
export async function projectOptions(globals: GlobalFlags, context: CommandContext, services: readonly string[]): Promise<ProjectOptions> {
  const options: ProjectOptions = { ...toLoadOptions(globals, context), services };
  if (context.signal !== undefined) options.signal = context.signal;
  if (globalSettings(globals, context.env).dryRun) {
    const [{ defaultBackend }, { DryRunBackend }] = await Promise.all([import('../api/project-context.js'), import('../api/dry-run-backend.js')]);
    options.backend = new DryRunBackend(await defaultBackend({ ...context.env }));
  }
  return options;
}

/**
 * The progress view of one command, shown the way `--progress` asks. It can step aside for a
 * question on the terminal (`pauseFor`), since the live view owns the terminal while it draws.
 */
export class ProgressSession {
  private constructor(
    private readonly context: CommandContext,
    private readonly style: ReturnType<typeof progressStyle>,
    private readonly options: RendererOptions,
    private renderer: ProgressRenderer,
  ) {}

  /** A session for a verb, under the heading `title` on a terminal. */
  static async open(globals: GlobalFlags, context: CommandContext, title: string): Promise<ProgressSession> {
    const settings = globalSettings(globals, context.env);
    const style = progressStyle(settings, context);
    const options = { title, dryRun: settings.dryRun };
    return new ProgressSession(context, style, options, await createProgressRenderer(style, context, options));
  }

  /** Where the library sends its events. */
  readonly sink = (event: ProgressEvent): void => {
    this.renderer.sink(event);
  };

  /** Closes the view, runs `action` (a prompt), and opens a fresh view for what follows. */
  async pauseFor<T>(action: () => Promise<T>): Promise<T> {
    await this.renderer.finish();
    try {
      return await action();
    } finally {
      this.renderer = await createProgressRenderer(this.style, this.context, this.options);
    }
  }

  /** Closes the view; call it however the work ended, so that an error prints below the view. */
  finish(): Promise<void> {
    return this.renderer.finish();
  }
}

/** Runs a verb's work inside a progress session (see ProgressSession). */
export async function withProgress<T>(
  globals: GlobalFlags,
  context: CommandContext,
  title: string,
  work: (onProgress: ProgressSession['sink'], session: ProgressSession) => Promise<T>,
): Promise<T> {
  const session = await ProgressSession.open(globals, context, title);
  try {
    return await work(session.sink, session);
  } finally {
    await session.finish();
  }
}
