import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { seconds } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth stop`. */
export interface StopFlags {
  timeout?: number;
}

/** Adds `berth stop [SERVICE...]`. */
export function registerStopCommand(program: Command, context: CommandContext): void {
  program
    .command('stop')
    .summary('stop services')
    .description('Stop the running containers of the services (all when none is named), without removing them.')
    .argument('[service...]', 'services to stop (default: all)')
    .option('-t, --timeout <seconds>', 'seconds to wait for a container to stop before killing it', seconds)
    .action(async (services: string[], flags: StopFlags, command: Command) => {
      const globals = commandFlags<StopFlags>(command);
      const options = { ...(await projectOptions(globals, context, services)), timeoutSeconds: flags.timeout };
      const { stop } = await import('../../api/stop.js');
      await withProgress(globals, context, 'Stopping', (onProgress) => stop({ ...options, onProgress }));
    });
}
