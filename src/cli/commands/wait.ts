import type { Command } from 'commander';
import type { ContainerExit } from '../../api/wait.js';
import type { ProgressEvent } from '../../plan/progress.js';
import { commandFlags, type CommandContext, type GlobalFlags } from '../global-options.js';
import { ProgressSession, projectOptions } from '../project-command.js';

/** The flags of `berth wait`. */
export interface WaitFlags {
  downProject?: boolean;
}

/** Adds `berth wait SERVICE...`. */
export function registerWaitCommand(program: Command, context: CommandContext): void {
  program
    .command('wait')
    .summary('block until containers of the services stop')
    .description(
      'Wait until the first container of each service named stops, print each exit code, and exit with the code ' +
        'of the first container to stop.',
    )
    .argument('<service...>', 'services to wait for')
    .option('--down-project', 'drop the project when the first container stops')
    .action(async (services: string[], flags: WaitFlags, command: Command) => {
      const globals = commandFlags<WaitFlags>(command);
      const options = await projectOptions(globals, context, services);
      const { wait } = await import('../../api/wait.js');
      const progress = lazyProgress(globals, context, 'Running');
      try {
        const result = await wait({
          ...options,
          downProject: flags.downProject === true,
          onProgress: progress.sink,
          onExit: (exit) => context.stdout(exitLine(exit)),
        });
        context.setExitCode?.(result.exitCode);
      } finally {
        await progress.finish();
      }
    });
}

/** docker compose's line for a container that stopped. */
export function exitLine(exit: ContainerExit): string {
  return `container "${exit.id}" exited with status code ${exit.exitCode}\n`;
}

/**
 * A progress view opened at the first event only: waiting reports nothing, and a live view drawn
 * the whole time would tangle with the exit lines printed meanwhile. Events keep their order while
 * the view opens.
 */
function lazyProgress(globals: GlobalFlags, context: CommandContext, title: string): { sink: (event: ProgressEvent) => void; finish(): Promise<void> } {
  let session: Promise<ProgressSession> | undefined;
  return {
    sink: (event) => {
      session ??= ProgressSession.open(globals, context, title);
      // A view that cannot open fails `finish`, which reports it.
      session.then((view) => view.sink(event)).catch(() => undefined);
    },
    finish: async () => {
      if (session !== undefined) await (await session).finish();
    },
  };
}
