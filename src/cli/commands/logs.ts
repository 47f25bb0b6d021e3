import type { Command } from 'commander';
import type { LogsOptions } from '../../api/logs.js';
import { globalSettings, commandFlags, type CommandContext } from '../global-options.js';
import { lineCount, positiveInteger } from '../flag-parsers.js';
import { projectOptions } from '../project-command.js';

/** The flags of `berth logs`. */
export interface LogsFlags {
  follow?: boolean;
  tail?: number | 'all';
  since?: string;
  until?: string;
  timestamps?: boolean;
  /** False with `--no-color`. */
  color: boolean;
  /** False with `--no-log-prefix`. */
  logPrefix: boolean;
  index?: number;
}

/** Adds `berth logs [SERVICE...]`. */
export function registerLogsCommand(program: Command, context: CommandContext): void {
  program
    .command('logs')
    .summary('view output from containers')
    .description(
      "Print the output of the services' containers, each line prefixed with its container. What a " +
        'container writes to standard error goes to standard error.',
    )
    .argument('[service...]', 'services whose output to show (default: all)')
    .option('-f, --follow', 'follow log output')
    .option('-n, --tail <lines>', 'number of lines to show from the end of the logs for each container, or "all"', lineCount)
    .option('--since <time>', 'show logs since a timestamp (2013-01-02T13:23:37Z) or a relative time (42m)')
    .option('--until <time>', 'show logs before a timestamp (2013-01-02T13:23:37Z) or a relative time (42m)')
    .option('-t, --timestamps', 'show timestamps')
    .option('--no-color', 'produce monochrome output')
    .option('--no-log-prefix', "don't print a prefix in logs")
    .option('--index <index>', 'the index of the container, if the service has several replicas', positiveInteger)
    .action(async (services: string[], flags: LogsFlags, command: Command) => {
      const globals = commandFlags<LogsFlags>(command);
      const options: LogsOptions = { ...(await projectOptions(globals, context, services)), ...logsOptions(flags) };
      const [{ logs }, { logLineFormatter }, { wantsColor }] = await Promise.all([
        import('../../api/logs.js'),
        import('../format/log-lines.js'),
        import('../format/colors.js'),
      ]);
      const stream = await logs(options);
      const color = flags.color && wantsColor(globalSettings(globals, context.env).ansi, context.env, context.isTerminal?.('stdout') === true);
      const format = logLineFormatter(stream.sources, { color, prefix: flags.logPrefix });
      for await (const line of stream.lines) {
        if (line.stream === 'stderr') context.stderr(format(line));
        else context.stdout(format(line));
      }
    });
}

/** The library options the `logs` flags ask for. */
export function logsOptions(flags: LogsFlags): Pick<LogsOptions, 'follow' | 'tail' | 'since' | 'until' | 'timestamps' | 'index'> {
  return {
    follow: flags.follow === true,
    tail: flags.tail === 'all' ? undefined : flags.tail,
    since: flags.since,
    until: flags.until,
    timestamps: flags.timestamps === true,
    index: flags.index,
  };
}
