import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions, withProgress } from '../project-command.js';

/** Adds `berth pause [SERVICE...]`. */
export function registerPauseCommand(program: Command, context: CommandContext): void {
  program
    .command('pause')
    .summary('pause services')
    .description('Suspend the processes of the running containers of the services (all when none is named).')
    .argument('[service...]', 'services to pause (default: all)')
    .action(async (services: string[], _flags: object, command: Command) => {
      const globals = commandFlags(command);
      const options = await projectOptions(globals, context, services);
      const { pause } = await import('../../api/pause.js');
      await withProgress(globals, context, 'Pausing', (onProgress) => pause({ ...options, onProgress }));
    });
}
