import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { ProjectOptions } from '../../api/project-context.js';
import type { Stack } from '../../api/stack.js';
import type { UpOptions } from '../../api/up.js';
import { BerthError } from '../../errors.js';
import { IncompatibleOptionsError } from '../../plan/plan-errors.js';
import type { AttachChoices } from '../attached-up.js';
import { collect, commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { seconds } from '../flag-parsers.js';
import { addRecreateFlags, addStartFlags } from '../planning-flags.js';
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

/** `up`'s own flags besides those it shares with `create` and the attached-mode ones. */
export interface UpOnlyFlags {
  /** `--endpoints-json FILE`. */
  endpointsJson?: string;
  watch?: boolean;
}

/** What `up` adds to the options of every verb. */
export type UpChoices = Omit<UpOptions, keyof ProjectOptions>;

export { PULL_CHOICES } from '../planning-flags.js';

/** The flags of attached `up`. */
export interface AttachFlags {
  attach?: string[];
  noAttach?: string[];
  attachDependencies?: boolean;
  abortOnContainerExit?: boolean;
  abortOnContainerFailure?: boolean;
  exitCodeFrom?: string;
  /** False with `--no-color`. */
  color: boolean;
  /** False with `--no-log-prefix`. */
  logPrefix: boolean;
  timestamps?: boolean;
}

/** `--no-attach SERVICE` takes a value: commander would otherwise read it as the negation of `--attach`. */
function noAttachOption(): Option {
  const option = new Option('--no-attach <service>', "do not attach (stream logs) to the specified services; repeatable").argParser(collect);
  option.attributeName = () => 'noAttach';
  return option;
}

/** Adds `berth up [SERVICE...]`. */
export function registerUpCommand(program: Command, context: CommandContext): void {
  const upCommand = program
    .command('up')
    .summary('create and start containers')
    .description(
      'Create what the project is missing, recreate what diverged from the compose files, and start the ' +
        'containers, in dependency order. Without -d it then follows their output until they stop (Ctrl+C stops them).',
    )
    .argument('[service...]', 'services to bring up, with their dependencies (default: all)')
    .option('-d, --detach', 'run containers in the background')
    .option('--wait', 'wait for services to be running|healthy; implies detached mode')
    .option('--wait-timeout <seconds>', 'maximum duration in seconds to wait for the project to be running|healthy', seconds);
  addStartFlags(addRecreateFlags(upCommand))
    .option('-t, --timeout <seconds>', 'seconds to wait for a container to stop when replacing it', seconds)
    .option('--attach <service>', 'restrict attaching to the specified services; repeatable', collect)
    .addOption(noAttachOption())
    .option('--attach-dependencies', 'automatically attach to log output of dependent services')
    .option('--abort-on-container-exit', 'stop all containers if any container was stopped; incompatible with -d')
    .option('--abort-on-container-failure', 'stop all containers if any container exited with failure; incompatible with -d')
    .option('--exit-code-from <service>', 'return the exit code of the selected service container; implies --abort-on-container-exit')
    .option('--no-color', 'produce monochrome output')
    .option('--no-log-prefix', "don't print a prefix in logs")
    .option('--timestamps', 'show timestamps')
    .option('-w, --watch', 'watch source code and rebuild/refresh containers when files are updated')
    .option('--endpoints-json <file>', 'write the published ports of the containers as JSON to this file once they are up (with --wait: ready)')
    .action(async (services: string[], flags: UpFlags & AttachFlags & UpOnlyFlags, command: Command) => {
      const globals = commandFlags<UpFlags & AttachFlags>(command);
      const settings = globalSettings(globals, context.env);
      const detached = flags.detach === true || flags.wait === true;
      checkAttachFlags(flags, detached, services);
      if (flags.watch === true) checkWatchFlags(flags, detached);
      const options: UpOptions = { ...(await projectOptions(globals, context, services)), services: [...services], ...upOptions(flags) };
      // CI mode: a one-shot job that has finished (exit 0) is as good as ready.
      if (settings.ci && options.wait === true) options.acceptCompleted = true;
      const api = await import('../../api/up.js');
      if (settings.dryRun) {
        const { text } = await api.planUp(options);
        context.stdout(text === '' ? '' : `${text}\n`);
        return;
      }
      // Attached output starts from here: what containers already running printed before is not shown again.
      const since = Date.now() / 1000;
      const stack = await withProgress(globals, context, 'Running', (onProgress) => api.up({ ...options, onProgress })).catch(async (error: unknown) => {
        if (!settings.ci || context.signal?.aborted === true) throw error;
        const { reportFailedContainers } = await import('../failure-report.js');
        throw await reportFailedContainers(error, options, context);
      });
      await publishEndpoints(stack, flags.endpointsJson, settings.ci && flags.wait === true, context);
      if (detached) return;
      const [{ followAttached }, { wantsColor }] = await Promise.all([import('../attached-up.js'), import('../format/colors.js')]);
      const color = flags.color && wantsColor(settings.ansi, context.env, context.isTerminal?.('stdout') === true);
      const choices: AttachChoices = { ...attachChoices(flags), color, prefix: flags.logPrefix, ...(settings.ci ? { ci: true } : {}) };
      if (flags.watch === true) {
        const { followWithWatch } = await import('../watch-attached.js');
        await followWithWatch(stack, options, choices, {}, since, globals, context);
        return;
      }
      await followAttached(stack, options, choices, since, globals, context);
    });
}

/**
 * The endpoints document (Stack.endpoints, shape in docs/cli.md): written to `file` when given
 * (relative to the working directory), printed on standard output when `print` (CI mode's --wait).
 */
async function publishEndpoints(stack: Stack, file: string | undefined, print: boolean, context: CommandContext): Promise<void> {
  if (file === undefined && !print) return;
  const text = `${JSON.stringify(await stack.endpoints(), null, 2)}\n`;
  if (file !== undefined) {
    await writeFile(path.resolve(context.cwd, file), text).catch((error: unknown) => {
      throw new BerthError('endpoints-json', `--endpoints-json ${file}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  if (print) context.stdout(text);
}

/** The attached-mode flags as the follower's choices. */
function attachChoices(flags: AttachFlags): Omit<AttachChoices, 'color' | 'prefix'> {
  const choices: Omit<AttachChoices, 'color' | 'prefix'> = {};
  if (flags.attach !== undefined) choices.attach = flags.attach;
  if (flags.noAttach !== undefined) choices.noAttach = flags.noAttach;
  if (flags.attachDependencies === true) choices.attachDependencies = true;
  if (flags.abortOnContainerExit === true) choices.abortOnContainerExit = true;
  if (flags.abortOnContainerFailure === true) choices.abortOnContainerFailure = true;
  if (flags.exitCodeFrom !== undefined) choices.exitCodeFrom = flags.exitCodeFrom;
  if (flags.timestamps === true) choices.timestamps = true;
  return choices;
}

/** The attached-mode flags that contradict -d, or each other, or name a service not brought up. */
function checkAttachFlags(flags: UpFlags & AttachFlags, detached: boolean, services: readonly string[]): void {
  const attachedOnly = [
    ['--abort-on-container-exit', flags.abortOnContainerExit === true],
    ['--abort-on-container-failure', flags.abortOnContainerFailure === true],
    ['--exit-code-from', flags.exitCodeFrom !== undefined],
    ['--attach', flags.attach !== undefined],
    ['--attach-dependencies', flags.attachDependencies === true],
  ] as const;
  for (const [flag, given] of attachedOnly) {
    if (given && detached) throw new IncompatibleOptionsError(flag, flags.wait === true ? '--wait' : '--detach');
  }
  if (flags.abortOnContainerExit === true && flags.abortOnContainerFailure === true) {
    throw new IncompatibleOptionsError('--abort-on-container-exit', '--abort-on-container-failure');
  }
  if (flags.exitCodeFrom !== undefined && services.length > 0 && !services.includes(flags.exitCodeFrom)) {
    throw new BerthError('exit-code-from', `--exit-code-from ${flags.exitCodeFrom}: the service is not among those brought up (${services.join(', ')})`);
  }
}

/** `--watch` follows until Ctrl+C: it cannot run in the background, nor end at a container's exit. */
function checkWatchFlags(flags: UpFlags & AttachFlags, detached: boolean): void {
  if (detached) throw new IncompatibleOptionsError('--watch', flags.wait === true ? '--wait' : '--detach');
  if (flags.abortOnContainerExit === true) throw new IncompatibleOptionsError('--watch', '--abort-on-container-exit');
  if (flags.abortOnContainerFailure === true) throw new IncompatibleOptionsError('--watch', '--abort-on-container-failure');
  if (flags.exitCodeFrom !== undefined) throw new IncompatibleOptionsError('--watch', '--exit-code-from');
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
