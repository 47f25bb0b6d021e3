import { Option, type Command } from 'commander';
import type { ExecOptions } from '../../api/exec.js';
import type { ProjectOptions } from '../../api/project-context.js';
import { collect, commandFlags, type CommandContext } from '../global-options.js';
import { positiveInteger } from '../flag-parsers.js';
import { projectOptions } from '../project-command.js';

/** The flags of `berth exec`. */
export interface ExecFlags {
  detach?: boolean;
  env?: string[];
  user?: string;
  workdir?: string;
  index?: number;
  privileged?: boolean;
  /** False with `-T, --no-TTY`. */
  TTY?: boolean;
  /** False with `--no-interactive`. */
  interactive?: boolean;
}

/** Adds `berth exec SERVICE COMMAND [ARGS...]`. */
export function registerExecCommand(program: Command, context: CommandContext): void {
  program
    .command('exec')
    .summary('execute a command in a running container')
    .description(
      "Run a command in a service's running container. With a terminal on standard input it gets a TTY " +
        '(unless -T); otherwise standard input is piped to it. Its exit code is berth\'s.',
    )
    .usage('[options] SERVICE COMMAND [ARGS...]')
    .argument('<service>', 'the service')
    .argument('<command>', 'the command to run')
    .argument('[args...]', "the command's arguments")
    // Everything after SERVICE belongs to the command: `berth exec web ls -la`.
    .passThroughOptions()
    .option('-d, --detach', 'detached mode: run the command in the background')
    .option('-e, --env <KEY=VAL>', 'set an environment variable; repeatable', collect)
    .option('-u, --user <user>', 'run the command as this user')
    .option('-w, --workdir <dir>', 'working directory for the command')
    .option('--index <index>', 'index of the container if the service has several replicas', positiveInteger)
    .option('--privileged', 'give extended privileges to the process')
    .option('-T, --no-TTY', "disable pseudo-TTY allocation (by default exec allocates one when standard input is a terminal)")
    .addOption(new Option('-t, --tty', 'allocate a pseudo-TTY (the default on a terminal)').hideHelp())
    .addOption(new Option('-i, --interactive', 'keep standard input open (the default)').hideHelp())
    .addOption(new Option('--no-interactive', 'do not attach standard input').hideHelp())
    .action(async (service: string, command: string, args: string[], flags: ExecFlags, cmd: Command) => {
      const globals = commandFlags<ExecFlags>(cmd);
      const [{ exec }, session] = await Promise.all([import('../../api/exec.js'), import('../terminal-session.js')]);
      const io = session.processIo();
      const choices = execChoices(flags, context.isTerminal?.('stdin') === true);
      const size = choices.tty ? session.terminalSize(io) : undefined;
      const running = await exec({
        ...(await projectOptions(globals, context, [service])),
        service,
        command: [command, ...args],
        ...choices,
        ...(size === undefined ? {} : { size }),
      });
      if (flags.detach === true) return;
      const end = await session.runSession(
        running.session,
        { tty: choices.tty, stdin: choices.interactive, resize: (next) => running.session.resize(next), ...(context.signal === undefined ? {} : { signal: context.signal }) },
        io,
      );
      // An exec cannot be sent a signal: on Ctrl+C berth lets go of it, as docker exec does.
      context.setExitCode?.(end === 'interrupted' ? session.INTERRUPTED_EXIT_CODE : await running.session.exitCode());
    });
}

/** What the `exec` flags ask of the library. */
export type ExecChoices = Omit<ExecOptions, 'service' | 'command' | keyof ProjectOptions> & { tty: boolean; interactive: boolean };

/** The library options the `exec` flags ask for; `stdinIsTerminal` decides the TTY, as docker compose does. */
export function execChoices(flags: ExecFlags, stdinIsTerminal: boolean): ExecChoices {
  const choices: ExecChoices = {
    tty: flags.TTY !== false && flags.detach !== true && stdinIsTerminal,
    interactive: flags.interactive !== false && flags.detach !== true,
  };
  if (flags.detach === true) choices.detach = true;
  if (flags.env !== undefined) choices.environment = flags.env;
  if (flags.user !== undefined) choices.user = flags.user;
  if (flags.workdir !== undefined) choices.workdir = flags.workdir;
  if (flags.index !== undefined) choices.index = flags.index;
  if (flags.privileged === true) choices.privileged = true;
  return choices;
}
