import { Option, type Command } from 'commander';
import type { ProjectOptions } from '../../api/project-context.js';
import type { UpOptions } from '../../api/up.js';
import { commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { scaleEntry, seconds } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth up` (and, for those it shares, of `berth create`). */
export interface UpFlags {
  detach?: boolean;
  wait?: boolean;
  waitTimeout?: number;
  /** False with `--no-deps`. */
  deps?: boolean;
  forceRecreate?: boolean;
  /** False with `--no-recreate`. */
  recreate?: boolean;
  /** False with `--no-start`. */
  start?: boolean;
  removeOrphans?: boolean;
  scale?: Record<string, number>;
  timeout?: number;
  pull?: NonNullable<UpOptions['pull']>;
  renewAnonVolumes?: boolean;
  alwaysRecreateDeps?: boolean;
  /** True with `--build`, false with `--no-build`. */
  build?: boolean;
}

/** What `up` adds to the options of every verb. */
export type UpChoices = Omit<UpOptions, keyof ProjectOptions>;

/** The choices of `--pull`. */
export const PULL_CHOICES = ['always', 'missing', 'never'] as const;

/** The note `up` without -d prints, until attached mode exists. */
export const ATTACHED_MODE_NOTE =
  'note: attached mode is not supported yet; the containers run in the background as with -d (follow them with berth logs -f)\n';

/** Adds `berth up [SERVICE...]`. */
export function registerUpCommand(program: Command, context: CommandContext): void {
  program
    .command('up')
    .summary('create and start containers')
    .description(
      'Create what the project is missing, recreate what diverged from the compose files, and start the ' +
        'containers, in dependency order. Without -d it also runs in the background for now.',
    )
    .argument('[service...]', 'services to bring up, with their dependencies (default: all)')
    .option('-d, --detach', 'run containers in the background')
    .option('--wait', 'wait for services to be running|healthy; implies detached mode')
    .option('--wait-timeout <seconds>', 'maximum duration in seconds to wait for the project to be running|healthy', seconds)
    .option('--no-deps', "don't start linked services")
    .option('--force-recreate', "recreate containers even if their configuration and image haven't changed")
    .option('--no-recreate', "if containers already exist, don't recreate them")
    .option('--no-start', "don't start the services after creating them")
    .option('--remove-orphans', 'remove containers for services not defined in the compose files')
    .option('--scale <service=num>', 'scale SERVICE to NUM instances; overrides the `scale` setting in the compose file; repeatable', scaleEntry)
    .option('-t, --timeout <seconds>', 'seconds to wait for a container to stop when replacing it', seconds)
    .addOption(new Option('--pull <policy>', 'pull image before running').choices(PULL_CHOICES))
    .option('--build', 'build images before starting containers')
    .option('--no-build', "don't build an image, even if it's missing")
    .option('-V, --renew-anon-volumes', 'recreate anonymous volumes instead of reusing data from the previous containers')
    .option('--always-recreate-deps', 'recreate dependent containers')
    .action(async (services: string[], flags: UpFlags, command: Command) => {
      const globals = commandFlags<UpFlags>(command);
      const options: UpOptions = { ...(await projectOptions(globals, context, services)), services: [...services], ...upOptions(flags) };
      const api = await import('../../api/up.js');
      if (globalSettings(globals, context.env).dryRun) {
        const { text } = await api.planUp(options);
        context.stdout(text === '' ? '' : `${text}\n`);
        return;
      }
      await withProgress(globals, context, 'Running', (onProgress) => api.up({ ...options, onProgress }));
      // After the work, so that it is not lost in the progress view, and not said when up failed.
      if (flags.detach !== true && flags.wait !== true) context.stderr(ATTACHED_MODE_NOTE);
    });
}

/** The library options the `up` flags ask for; absent flags are left out, so the library's defaults apply. */
export function upOptions(flags: UpFlags): UpChoices {
  const options: UpChoices = {};
  if (flags.deps === false) options.noDeps = true;
  if (flags.forceRecreate === true) options.forceRecreate = true;
  if (flags.recreate === false) options.noRecreate = true;
  if (flags.start === false) options.noStart = true;
  if (flags.removeOrphans === true) options.removeOrphans = true;
  if (flags.scale !== undefined) options.scale = flags.scale;
  if (flags.timeout !== undefined) options.timeoutSeconds = flags.timeout;
  if (flags.pull !== undefined) options.pull = flags.pull;
  if (flags.build !== undefined) options.build = flags.build ? 'always' : 'never';
  if (flags.renewAnonVolumes === true) options.renewAnonVolumes = true;
  if (flags.alwaysRecreateDeps === true) options.alwaysRecreateDeps = true;
  if (flags.wait === true) options.wait = true;
  if (flags.waitTimeout !== undefined) options.waitTimeoutSeconds = flags.waitTimeout;
  return options;
}
