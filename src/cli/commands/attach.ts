import { InvalidArgumentError, type Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../detach-keys.js';
import { positiveInteger } from '../flag-parsers.js';
import { projectOptions } from '../project-command.js';

/** The flags of `berth attach`. */
export interface AttachFlags {
  /** False with `--no-stdin`. */
  stdin?: boolean;
  sigProxy: boolean;
  index?: number;
  detachKeys?: number[];
}

/** Adds `berth attach SERVICE`. */
export function registerAttachCommand(program: Command, context: CommandContext): void {
  program
    .command('attach')
    .summary("attach to a service's running container")
    .description(
      "Follow the output of a service's running container, and send it standard input when it keeps one " +
        'open (stdin_open), until it exits, the detach keys are typed, or Ctrl+C.',
    )
    .argument('<service>', 'the service')
    .option('--no-stdin', 'do not attach standard input')
    .option('--sig-proxy [bool]', 'pass the signals berth receives on to the process (true or false)', booleanValue, true)
    .option('--index <index>', 'index of the container if the service has several replicas', positiveInteger)
    .option('--detach-keys <keys>', `key sequence for detaching from the container (default ${DEFAULT_DETACH_KEYS})`, parseDetachKeys)
    .action(async (service: string, flags: AttachFlags, command: Command) => {
      const globals = commandFlags<AttachFlags>(command);
      const [{ attach }, session] = await Promise.all([import('../../api/attach.js'), import('../terminal-session.js')]);
      const attached = await attach({
        ...(await projectOptions(globals, context, [service])),
        service,
        ...(flags.index === undefined ? {} : { index: flags.index }),
        ...(flags.stdin === false ? { noStdin: true } : {}),
      });
      const io = session.processIo();
      const size = attached.tty ? session.terminalSize(io) : undefined;
      if (size !== undefined) await attached.resize(size).catch(() => undefined);
      const end = await session.runSession(
        attached.streams,
        {
          tty: attached.tty,
          stdin: attached.stdin,
          resize: (next) => attached.resize(next),
          detachKeys: flags.detachKeys ?? parseDetachKeys(DEFAULT_DETACH_KEYS),
          ...(context.signal === undefined ? {} : { signal: context.signal }),
          // With a TTY, Ctrl+C is a key the container reads; without one, berth passes the signal on
          // (unless --sig-proxy false) and follows the output until the process ends.
          onInterrupt: () => {
            if (attached.tty || !flags.sigProxy) return 'detach';
            attached.kill(session.interruptSignal(context.signal)).catch(() => undefined);
            return 'continue';
          },
        },
        io,
      );
      if (end === 'interrupted') context.setExitCode?.(session.INTERRUPTED_EXIT_CODE);
      else if (end === 'ended') context.setExitCode?.((await attached.exitCode()) ?? 0);
    });
}

/** `true`/`false` (also `1`/`0`), as docker's `--sig-proxy=false`; the flag alone is true. */
function booleanValue(value: string): boolean {
  const lower = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(lower)) return true;
  if (['false', '0', 'no'].includes(lower)) return false;
  throw new InvalidArgumentError('Expected true or false.');
}
