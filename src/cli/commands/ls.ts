import { InvalidArgumentError, Option, type Command } from 'commander';
import type { LsOptions } from '../../api/ls.js';
import type { CommandContext } from '../global-options.js';

/** The flags of `berth ls`. */
export interface LsFlags {
  all?: boolean;
  quiet?: boolean;
  format: 'table' | 'json';
  /** The values of `--filter name=...`. */
  filter?: string[];
}

/** Adds `berth ls`: every compose project on the engine, whoever made it. */
export function registerLsCommand(program: Command, context: CommandContext): void {
  program
    .command('ls')
    .summary('list running compose projects')
    .description(
      'List the compose projects that have containers on the engine (those of berth, docker compose and ' +
        'docker-compose alike), sorted by name. It reads no compose file.',
    )
    .option('-a, --all', 'show all projects, stopped ones included')
    .option('-q, --quiet', 'only print the project names')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--filter <filter>', 'filter projects by a property (only name=<name>); repeatable', nameFilter)
    .action(async (flags: LsFlags) => {
      const [{ ls }, { renderLsJson, renderLsNames, renderLsTable }] = await Promise.all([import('../../api/ls.js'), import('../format/ls-output.js')]);
      const projects = await ls({ ...lsOptions(flags), env: context.env });
      if (flags.quiet === true) context.stdout(renderLsNames(projects));
      else context.stdout(flags.format === 'json' ? renderLsJson(projects) : renderLsTable(projects));
    });
}

/** The library options the `ls` flags ask for. */
export function lsOptions(flags: LsFlags): Pick<LsOptions, 'all' | 'names'> {
  return { all: flags.all === true, names: flags.filter ?? [] };
}

/** `--filter name=VALUE`, repeatable: the names collected; docker compose's `ls` knows no other filter. */
export function nameFilter(value: string, previous: string[] | undefined): string[] {
  const match = /^([a-z]+)=(.*)$/s.exec(value.trim());
  if (!match?.[1] || match[2] === undefined) throw new InvalidArgumentError('Expected KEY=VALUE, e.g. name=demo.');
  if (match[1] !== 'name') throw new InvalidArgumentError(`Filter "${match[1]}" is not supported; only "name" is.`);
  return [...(previous ?? []), match[2]];
}
