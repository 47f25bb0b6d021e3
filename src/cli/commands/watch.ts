import type { Command } from 'commander';
import type { WatchOptions } from '../../api/watch.js';
import { BerthError } from '../../errors.js';
import { commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { projectOptions, withProgress } from '../project-command.js';
import { printReports, watchProgress } from '../watch-output.js';

/** The flags of `berth watch` (and those `up --watch` shares). */
export interface WatchFlags {
  /** False with `--no-up`. */
  up?: boolean;
  prune?: boolean;
  quiet?: boolean;
  poll?: boolean;
}

/** The library's watch choices the flags ask for. */
export function watchChoices(flags: WatchFlags): Pick<WatchOptions, 'prune' | 'poll'> {
  return { ...(flags.prune === true ? { prune: true } : {}), ...(flags.poll === true ? { poll: true } : {}) };
}

/** Adds `berth watch [SERVICE...]`. */
export function registerWatchCommand(program: Command, context: CommandContext): void {
  program
    .command('watch')
    .summary('watch the build context of services and rebuild/refresh containers when files are updated')
    .description(
      'Bring the services up, then apply their develop.watch rules as files change: sync them into the ' +
        'containers, restart, run a command, or rebuild and recreate. Edits to the compose files are applied ' +
        'as a new up would apply them. Each action is reported on one line; Ctrl+C ends the watch and leaves ' +
        'the containers running.',
    )
    .argument('[service...]', 'services to watch (default: every service with develop.watch)')
    .option('--no-up', 'do not build and start the services before watching')
    .option('--prune', 'prune dangling images on rebuild')
    .option('--quiet', 'hide build output')
    .option('--poll', 'poll for changes instead of waiting for native file events (network and shared filesystems)')
    .action(async (services: string[], flags: WatchFlags, command: Command) => {
      const globals = commandFlags<WatchFlags>(command);
      if (globalSettings(globals, context.env).dryRun) throw new BerthError('watch-dry-run', 'watch has no dry run: it acts on every change as it happens');
      const options: WatchOptions = { ...(await projectOptions(globals, context, services)), services: [...services] };
      const [api, upApi] = await Promise.all([import('../../api/watch.js'), import('../../api/up.js')]);
      if (flags.up !== false) await withProgress(globals, context, 'Running', (onProgress) => upApi.up({ ...options, onProgress }));
      const progress = await watchProgress(globals, context, flags.quiet === true);
      try {
        const watching = await api.watch({ ...options, noUp: true, ...watchChoices(flags), onProgress: progress.sink, onReport: printReports(context) });
        await watching.done;
      } finally {
        await progress.finish();
      }
    });
}
