import { Option, type Command } from 'commander';
import type { PullOptions } from '../../api/pull.js';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth pull`. */
export interface PullFlags {
  ignorePullFailures?: boolean;
  ignoreBuildable?: boolean;
  includeDeps?: boolean;
  policy?: 'missing' | 'always';
  quiet?: boolean;
}

/** Adds `berth pull [SERVICE...]`. */
export function registerPullCommand(program: Command, context: CommandContext): void {
  program
    .command('pull')
    .summary('pull service images')
    .description("Pull the services' images (all services when none is named), each image once.")
    .argument('[service...]', 'services whose images to pull (default: all)')
    .option('--ignore-pull-failures', 'pull what it can and ignore images with pull failures')
    .option('--ignore-buildable', 'ignore images that can be built')
    .option('--include-deps', 'also pull services declared as dependencies')
    .addOption(new Option('--policy <policy>', 'apply pull policy').choices(['missing', 'always']))
    .option('-q, --quiet', 'pull without printing progress information')
    .action(async (services: string[], flags: PullFlags, command: Command) => {
      const globals = commandFlags<PullFlags>(command);
      const options: PullOptions = { ...(await projectOptions(globals, context, services)), ...pullOptions(flags) };
      const { pull } = await import('../../api/pull.js');
      // -q is --progress quiet for this command alone.
      const shown = flags.quiet === true ? { ...globals, progress: 'quiet' as const } : globals;
      await withProgress(shown, context, 'Pulling', (onProgress) => pull({ ...options, onProgress }));
    });
}

/** The library options the `pull` flags ask for. */
export function pullOptions(flags: PullFlags): Pick<PullOptions, 'ignorePullFailures' | 'ignoreBuildable' | 'includeDeps' | 'policy'> {
  return {
    ignorePullFailures: flags.ignorePullFailures === true,
    ignoreBuildable: flags.ignoreBuildable === true,
    includeDeps: flags.includeDeps === true,
    policy: flags.policy,
  };
}
