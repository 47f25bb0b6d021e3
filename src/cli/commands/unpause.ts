import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions, withProgress } from '../project-command.js';

/** Adds `berth unpause [SERVICE...]`. */
export function registerUnpauseCommand(program: Command, context: CommandContext): void {
  program
    .command('unpause')
    .summary('unpause services')
    .description('Resume the paused containers of the services (all when none is named).')
    .argument('[service...]', 'services to unpause (default: all)')
    .action(async (services: string[], _flags: object, command: Command) => {
      const globals = commandFlags(command);
      const options = await projectOptions(globals, context, services);
      const { unpause } = await import('../../api/unpause.js');
      await withProgress(globals, context, 'Unpausing', (onProgress) => unpause({ ...options, onProgress }));
    });
}
