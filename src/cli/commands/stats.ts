import { Option, type Command } from 'commander';
import type { StatsOptions } from '../../api/stats.js';
import type { ContainerStats } from '../../api/stats-sample.js';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions } from '../project-command.js';

/** The flags of `berth stats`. */
export interface StatsFlags {
  all?: boolean;
  format: 'table' | 'json';
  /** False with `--no-stream`. */
  stream: boolean;
  /** False with `--no-trunc`. */
  trunc: boolean;
}

/** Adds `berth stats [SERVICE...]`. */
export function registerStatsCommand(program: Command, context: CommandContext): void {
  program
    .command('stats')
    .summary("display a live stream of the containers' resource use")
    .description(
      "Show the CPU, memory, network and disk use of the project's running containers, refreshed about " +
        'once a second until Ctrl+C; with --no-stream, one sample and done.',
    )
    .argument('[service...]', 'services whose containers to show (default: all)')
    .option('-a, --all', 'show all containers, stopped ones included')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--no-stream', 'print one sample and stop')
    .option('--no-trunc', "don't truncate container ids")
    .action(async (services: string[], flags: StatsFlags, command: Command) => {
      const globals = commandFlags<StatsFlags>(command);
      const options: StatsOptions = { ...(await projectOptions(globals, context, services)), all: flags.all === true };
      const [api, { CLEAR_SCREEN, renderStatsJson, renderStatsTable }] = await Promise.all([import('../../api/stats.js'), import('../format/stats-output.js')]);
      const render = (rows: readonly ContainerStats[]): string =>
        flags.format === 'json' ? renderStatsJson(rows, { noTrunc: !flags.trunc }) : renderStatsTable(rows, { noTrunc: !flags.trunc });
      if (!flags.stream) {
        context.stdout(render(await api.stats(options)));
        return;
      }
      // As `docker stats` does, each refresh redraws the screen from the top.
      for await (const rows of await api.watchStats(options)) context.stdout(`${CLEAR_SCREEN}${render(rows)}`);
    });
}
