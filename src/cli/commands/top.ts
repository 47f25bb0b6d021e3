import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { renderTop } from '../format/top-output.js';
import { projectOptions } from '../project-command.js';

/** Adds `berth top [SERVICE...]`. */
export function registerTopCommand(program: Command, context: CommandContext): void {
  program
    .command('top')
    .summary('display the running processes')
    .description('Print the processes running in each running container of the services (all when none is named).')
    .argument('[service...]', 'services whose processes to show (default: all)')
    .action(async (services: string[], _flags: object, command: Command) => {
      const globals = commandFlags(command);
      const options = await projectOptions(globals, context, services);
      const { top } = await import('../../api/top.js');
      context.stdout(renderTop(await top(options)));
    });
}
