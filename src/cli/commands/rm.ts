import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { seconds } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth rm`. */
export interface RmFlags {
  force?: boolean;
  stop?: boolean;
  volumes?: boolean;
  timeout?: number;
}

/** Adds `berth rm [SERVICE...]`. */
export function registerRmCommand(program: Command, context: CommandContext): void {
  program
    .command('rm')
    .summary('remove stopped service containers')
    .description(
      'Remove the stopped containers of the services (all when none is named). Asks first unless -f; ' +
        'running containers are left alone unless -s stops them.',
    )
    .argument('[service...]', 'services whose containers to remove (default: all)')
    .option('-f, --force', "don't ask to confirm removal")
    .option('-s, --stop', 'stop the containers, if required, before removing')
    .option('-v, --volumes', 'remove any anonymous volumes attached to containers')
    .option('-t, --timeout <seconds>', 'with -s, seconds to wait for a container to stop before killing it', seconds)
    .action(async (services: string[], flags: RmFlags, command: Command) => {
      const globals = commandFlags<RmFlags>(command);
      const options = {
        ...(await projectOptions(globals, context, services)),
        stop: flags.stop === true,
        volumes: flags.volumes === true,
        timeoutSeconds: flags.timeout,
      };
      const { rm } = await import('../../api/rm.js');
      const result = await withProgress(globals, context, 'Removing', (onProgress, session) =>
        rm({
          ...options,
          onProgress,
          // The question must not be drawn over by the progress of `-s`.
          confirm: (names) => session.pauseFor(() => confirmRemoval(names, flags.force === true, context)),
        }),
      );
      if (result.candidates.length === 0) context.stderr('No stopped containers\n');
    });
}

/**
 * docker compose's confirmation: with -f, say what goes and go on; else ask on the terminal,
 * `no` unless answered yes. With nobody to ask (no terminal), nothing is removed and the user is
 * told how to do it anyway.
 */
export async function confirmRemoval(names: readonly string[], force: boolean, context: CommandContext): Promise<boolean> {
  const message = `Going to remove ${names.join(', ')}`;
  if (force) {
    context.stdout(`${message}\n`);
    return true;
  }
  const answer = context.isTerminal?.('stdin') === true && context.ask ? await context.ask(`? ${message} Are you sure? [y/N] `) : undefined;
  if (answer === undefined) {
    context.stderr(`${message}\nwarning: nothing removed: there is no terminal to confirm on; use -f to remove without asking\n`);
    return false;
  }
  return /^\s*y(es)?\s*$/i.test(answer);
}
