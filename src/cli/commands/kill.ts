import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth kill`. */
export interface KillFlags {
  signal: string;
  removeOrphans?: boolean;
}

/** Adds `berth kill [SERVICE...]`. */
export function registerKillCommand(program: Command, context: CommandContext): void {
  program
    .command('kill')
    .summary('force stop service containers')
    .description('Send a signal (SIGKILL unless -s) to the running containers of the services (all when none is named).')
    .argument('[service...]', 'services to kill (default: all)')
    .option('-s, --signal <signal>', 'signal to send to the containers', 'SIGKILL')
    .option('--remove-orphans', 'also kill the containers of services not defined in the compose files')
    .action(async (services: string[], flags: KillFlags, command: Command) => {
      const globals = commandFlags<KillFlags>(command);
      const options = { ...(await projectOptions(globals, context, services)), killSignal: flags.signal, removeOrphans: flags.removeOrphans === true };
      const { kill } = await import('../../api/kill.js');
      const result = await withProgress(globals, context, 'Killing', (onProgress) => kill({ ...options, onProgress }));
      if (result.killed.length === 0) context.stderr('no container to kill\n');
    });
}
