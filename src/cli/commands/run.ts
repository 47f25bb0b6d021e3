import { Option, type Command } from 'commander';
import type { ProjectOptions } from '../../api/project-context.js';
import type { RunOptions } from '../../api/run.js';
import { collect, commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { projectOptions, withProgress } from '../project-command.js';
import type { PULL_CHOICES} from '../planning-flags.js';
import { pullOption } from '../planning-flags.js';

/** The flags of `berth run`. */
export interface RunFlags {
  rm?: boolean;
  detach?: boolean;
  env?: string[];
  label?: string[];
  name?: string;
  user?: string;
  workdir?: string;
  entrypoint?: string;
  publish?: string[];
  servicePorts?: boolean;
  volume?: string[];
  /** False with `--no-deps`. */
  deps?: boolean;
  useAliases?: boolean;
  removeOrphans?: boolean;
  pull?: (typeof PULL_CHOICES)[number];
  /** True with `--build`, false with `--no-build`. */
  build?: boolean;
  /** False with `-T, --no-TTY`. */
  TTY?: boolean;
  /** False with `--no-interactive`. */
  interactive?: boolean;
}

/** What the `run` flags ask of the library. */
export type RunChoices = Omit<RunOptions, 'service' | keyof ProjectOptions> & { tty: boolean; interactive: boolean };

/** Adds `berth run SERVICE [COMMAND [ARGS...]]`. */
export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .summary('run a one-off command on a service')
    .description(
      'Run a command in a new container of a service, after bringing up what it depends on. The service\'s ' +
        'ports are not published unless -P or -p. Attached unless -d; its exit code is berth\'s.',
    )
    .usage('[options] SERVICE [COMMAND [ARGS...]]')
    .argument('<service>', 'the service')
    .argument('[command...]', "the command and its arguments (default: the service's)")
    // Everything after SERVICE belongs to the command: `berth run web ls -la`.
    .passThroughOptions()
    .option('--rm', 'automatically remove the container when it exits')
    .option('-d, --detach', 'run the container in the background and print its name')
    .option('-e, --env <KEY=VAL>', 'set an environment variable; repeatable', collect)
    .option('-l, --label <KEY=VAL>', 'add or override a label; repeatable', collect)
    .option('--name <name>', 'assign a name to the container')
    .option('-u, --user <user>', 'run as this username or uid')
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('--entrypoint <cmd>', 'override the entrypoint of the image')
    .option('-p, --publish <port>', "publish a container's port to the host; repeatable", collect)
    .option('-P, --service-ports', "run with the service's ports published")
    .option('-v, --volume <volume>', 'bind mount a volume; repeatable', collect)
    .option('--no-deps', "don't start the services it depends on")
    .option('--use-aliases', "use the service's network aliases in the networks it joins")
    .option('--remove-orphans', 'remove containers for services not defined in the compose files')
    .addOption(pullOption())
    .option('--build', 'build the image before starting the container')
    .option('--no-build', "don't build an image, even if it's missing")
    .option('-T, --no-TTY', 'disable pseudo-TTY allocation (by default run allocates one when standard input is a terminal)')
    .addOption(new Option('-t, --tty', 'allocate a pseudo-TTY (the default on a terminal)').hideHelp())
    .option('-i, --interactive', 'keep standard input open (the default)')
    .addOption(new Option('--no-interactive', 'do not attach standard input').hideHelp())
    .action(async (service: string, command: string[], flags: RunFlags, cmd: Command) => {
      const globals = commandFlags<RunFlags>(cmd);
      const api = await import('../../api/run.js');
      const base = await projectOptions(globals, context, [service]);
      const choices = runChoices(flags, command, context.isTerminal?.('stdin') === true);
      if (globalSettings(globals, context.env).dryRun) {
        const { text } = await api.planRun({ ...base, service, ...choices });
        context.stdout(`${text}\n`);
        return;
      }
      const session = await import('../terminal-session.js');
      const io = session.processIo();
      const size = choices.tty ? session.terminalSize(io) : undefined;
      const oneOff = await withProgress(globals, context, 'Running', (onProgress) =>
        api.run({ ...base, service, ...choices, onProgress, ...(size === undefined ? {} : { size }) }),
      );
      if (oneOff.streams === undefined) {
        context.stdout(`${oneOff.name}\n`);
        return;
      }
      const end = await session.runSession(
        oneOff.streams,
        {
          tty: choices.tty,
          stdin: choices.interactive,
          resize: (next) => oneOff.resize(next),
          ...(context.signal === undefined ? {} : { signal: context.signal }),
          // Without a TTY, Ctrl+C is passed on to the container, as docker run does, and its output
          // followed until it ends; a second Ctrl+C ends berth (main.ts).
          onInterrupt: () => {
            if (choices.tty) return 'detach';
            oneOff.kill(session.interruptSignal(context.signal)).catch(() => undefined);
            return 'continue';
          },
        },
        io,
      );
      if (end !== 'ended') {
        if (flags.rm === true) await oneOff.remove();
        context.setExitCode?.(session.INTERRUPTED_EXIT_CODE);
        return;
      }
      context.setExitCode?.(await oneOff.exitCode());
    });
}

/** The library options the `run` flags ask for; `stdinIsTerminal` decides the TTY, as docker compose does. */
export function runChoices(flags: RunFlags, command: readonly string[], stdinIsTerminal: boolean): RunChoices {
  const choices: RunChoices = {
    tty: flags.TTY !== false && stdinIsTerminal,
    interactive: flags.interactive !== false,
  };
  if (command.length > 0) choices.command = [...command];
  if (flags.rm === true) choices.remove = true;
  if (flags.detach === true) choices.detach = true;
  if (flags.env !== undefined) choices.environment = flags.env;
  if (flags.label !== undefined) choices.labels = flags.label;
  if (flags.name !== undefined) choices.name = flags.name;
  if (flags.user !== undefined) choices.user = flags.user;
  if (flags.workdir !== undefined) choices.workdir = flags.workdir;
  if (flags.entrypoint !== undefined) choices.entrypoint = flags.entrypoint;
  if (flags.publish !== undefined) choices.publish = flags.publish;
  if (flags.servicePorts === true) choices.servicePorts = true;
  if (flags.volume !== undefined) choices.volumes = flags.volume;
  if (flags.deps === false) choices.noDeps = true;
  if (flags.useAliases === true) choices.useAliases = true;
  if (flags.removeOrphans === true) choices.removeOrphans = true;
  if (flags.pull !== undefined) choices.pull = flags.pull;
  if (flags.build !== undefined) choices.build = flags.build ? 'always' : 'never';
  return choices;
}
