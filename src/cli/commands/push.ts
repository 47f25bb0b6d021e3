import type { Command } from 'commander';
import type { PushOptions } from '../../api/push.js';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth push`. */
export interface PushFlags {
  ignorePushFailures?: boolean;
  includeDeps?: boolean;
  quiet?: boolean;
}

/** Adds `berth push [SERVICE...]`. */
export function registerPushCommand(program: Command, context: CommandContext): void {
  program
    .command('push')
    .summary('push service images')
    .description("Push the services' images to their registries (all services with an image: when none is named).")
    .argument('[service...]', 'services whose images to push (default: all)')
    .option('--ignore-push-failures', 'push what it can and ignore images with push failures')
    .option('--include-deps', 'also push images of services declared as dependencies')
    .option('-q, --quiet', 'push without printing progress information')
    .action(async (services: string[], flags: PushFlags, command: Command) => {
      const globals = commandFlags<PushFlags>(command);
      const options: PushOptions = {
        ...(await projectOptions(globals, context, services)),
        ignorePushFailures: flags.ignorePushFailures === true,
        includeDeps: flags.includeDeps === true,
      };
      const { push } = await import('../../api/push.js');
      const shown = flags.quiet === true ? { ...globals, progress: 'quiet' as const } : globals;
      await withProgress(shown, context, 'Pushing', (onProgress) => push({ ...options, onProgress }));
    });
}
