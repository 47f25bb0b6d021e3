import { Option, type Command } from 'commander';
import { CONTAINER_STATES, type ContainerState } from '../../api/container-states.js';
import type { PsOptions } from '../../api/ps.js';
import { BerthError } from '../../errors.js';
import { collect, commandFlags, type CommandContext } from '../global-options.js';
import { filterEntry } from '../flag-parsers.js';
import { projectOptions } from '../project-command.js';

/** The flags of `berth ps`. */
export interface PsFlags {
  all?: boolean;
  format?: 'table' | 'json';
  quiet?: boolean;
  services?: boolean;
  status?: string[];
  filter?: string[];
  trunc: boolean;
  orphans: boolean;
}

/** Adds `berth ps [SERVICE...]`. */
export function registerPsCommand(program: Command, context: CommandContext): void {
  program
    .command('ps')
    .summary('list containers')
    .description('List the containers of the project (running ones unless -a), sorted by name.')
    .argument('[service...]', 'services whose containers to list (default: all)')
    .option('-a, --all', 'show all containers, stopped ones included')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-q, --quiet', 'only print container ids')
    .option('--services', 'print the services, one per line')
    .addOption(new Option('--status <status>', 'only containers in this state; repeatable').choices(CONTAINER_STATES).argParser(collect))
    .option('--filter <filter>', 'filter containers by a property (only status=<state>); repeatable', filterEntry)
    .option('--no-trunc', "don't truncate output")
    .option('--no-orphans', "don't include containers of services no longer in the compose files")
    .action(async (services: string[], flags: PsFlags, command: Command) => {
      const globals = commandFlags<PsFlags>(command);
      const options: PsOptions = { ...(await projectOptions(globals, context, services)), ...psOptions(flags) };
      const { ps } = await import('../../api/ps.js');
      const containers = await ps(options);
      if (flags.quiet === true) {
        context.stdout(containers.map((container) => `${container.id}\n`).join(''));
        return;
      }
      if (flags.services === true) {
        context.stdout([...new Set(containers.map((container) => container.service))].map((name) => `${name}\n`).join(''));
        return;
      }
      const { renderPsJson, renderPsTable } = await import('../format/ps-output.js');
      const format = { now: new Date(), noTrunc: !flags.trunc };
      context.stdout(flags.format === 'json' ? renderPsJson(containers, format) : renderPsTable(containers, format));
    });
}

/** The library options the `ps` flags ask for; `--status` and `--filter status=` add up. */
export function psOptions(flags: PsFlags): Pick<PsOptions, 'all' | 'status' | 'orphans'> {
  const status = [...(flags.status ?? []), ...(flags.filter ?? [])];
  for (const state of status) {
    if (!CONTAINER_STATES.some((known) => known === state)) {
      throw new BerthError('usage', `invalid status filter "${state}"`, { hint: `use one of ${CONTAINER_STATES.join(', ')}` });
    }
  }
  return {
    all: flags.all === true,
    status: status.length > 0 ? (status as ContainerState[]) : undefined,
    orphans: flags.orphans,
  };
}
