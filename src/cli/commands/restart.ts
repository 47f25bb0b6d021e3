import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { seconds } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth restart`. */
export interface RestartFlags {
  timeout?: number;
  /** False with `--no-deps`. */
  deps: boolean;
}

/** Adds `berth restart [SERVICE...]`. */
export function registerRestartCommand(program: Command, context: CommandContext): void {
  program
    .command('restart')
    .summary('restart service containers')
    .description(
      'Restart the containers of the services (all when none is named); stopped ones are started. A named ' +
        'service also restarts the services that depend on it with `restart: true`.',
    )
    .argument('[service...]', 'services to restart (default: all)')
    .option('-t, --timeout <seconds>', 'seconds to wait for a container to stop before killing it', seconds)
    .option('--no-deps', "don't restart dependent services")
    .action(async (services: string[], flags: RestartFlags, command: Command) => {
      const globals = commandFlags<RestartFlags>(command);
      const options = { ...(await projectOptions(globals, context, services)), timeoutSeconds: flags.timeout, noDeps: !flags.deps };
      const { restart } = await import('../../api/restart.js');
      await withProgress(globals, context, 'Restarting', (onProgress) => restart({ ...options, onProgress }));
    });
}
