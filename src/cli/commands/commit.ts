import { InvalidArgumentError, Option, type Command } from 'commander';
import { collect, commandFlags, type CommandContext } from '../global-options.js';
import { positiveInteger } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth commit`. */
export interface CommitFlags {
  index?: number;
  author?: string;
  message?: string;
  change?: string[];
  /** True unless `--pause=false` or `--no-pause`. */
  pause?: boolean;
}

/** Adds `berth commit SERVICE [REPOSITORY[:TAG]]`. */
export function registerCommitCommand(program: Command, context: CommandContext): void {
  program
    .command('commit')
    .summary("create a new image from a service container's changes")
    .description('Make an image of a running container of the service (its image plus what changed in its files) and print its id.')
    .argument('<service>', 'the service')
    .argument('[repository[:tag]]', 'the name to give the image (untagged when absent)')
    .option('--index <index>', 'the index of the container, if the service has several replicas', positiveInteger)
    .option('-a, --author <author>', 'author (e.g., "John Hannibal Smith <hannibal@a-team.com>")')
    .option('-m, --message <message>', 'commit message')
    .option('-c, --change <instruction>', 'apply a Dockerfile instruction to the created image; repeatable', collect)
    .option('-p, --pause [bool]', 'pause the container during commit (default: true; --pause=false not to)', booleanValue)
    .addOption(new Option('--no-pause', 'do not pause the container during commit').hideHelp())
    .action(async (service: string, reference: string | undefined, flags: CommitFlags, command: Command) => {
      const globals = commandFlags<CommitFlags>(command);
      const options = await projectOptions(globals, context, [service]);
      const { commit } = await import('../../api/commit.js');
      const result = await withProgress(globals, context, 'Committing', (onProgress) =>
        commit({
          ...options,
          onProgress,
          service,
          reference,
          index: flags.index,
          author: flags.author,
          message: flags.message,
          changes: flags.change,
          pause: flags.pause !== false,
        }),
      );
      // A dry run makes no image, so there is no id to print.
      if (result.imageId !== '') context.stdout(`${result.imageId}\n`);
    });
}

/**
 * A Go boolean, as docker compose's `--pause=false` takes it: 1, t, true or 0, f, false, in any
 * case. A short flag's value may come with its `=` (`-p=false`).
 */
export function booleanValue(value: string): boolean {
  const word = value.replace(/^=/, '').trim().toLowerCase();
  if (['1', 't', 'true'].includes(word)) return true;
  if (['0', 'f', 'false'].includes(word)) return false;
  throw new InvalidArgumentError('Expected true or false (write --pause=false not to pause).');
}
