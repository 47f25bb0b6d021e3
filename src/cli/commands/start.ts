import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions, withProgress } from '../project-command.js';

/** Adds `berth start [SERVICE...]`. */
export function registerStartCommand(program: Command, context: CommandContext): void {
  program
    .command('start')
    .summary('start services')
    .description('Start the existing containers of the services (all when none is named), in dependency order.')
    .argument('[service...]', 'services to start (default: all)')
    .action(async (services: string[], _flags: object, command: Command) => {
      const globals = commandFlags<object>(command);
      const options = await projectOptions(globals, context, services);
      const { start } = await import('../../api/start.js');
      await withProgress(globals, context, 'Starting', (onProgress) => start({ ...options, onProgress }));
    });
}
