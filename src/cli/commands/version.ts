import { Option, type Command } from 'commander';
import type { CommandContext } from '../global-options.js';
import { renderShortVersion, renderVersion } from '../format/version-output.js';

/** The flags of `berth version`. */
export interface VersionFlags {
  format: 'pretty' | 'json';
  short?: boolean;
}

/** Adds `berth version`: the version `--version` prints, in docker compose's forms. */
export function registerVersionCommand(program: Command, context: CommandContext, version: string): void {
  program
    .command('version')
    .summary('show the berth version information')
    .description('Print the berth version. It reads no compose file.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .option('--short', 'print only the version number')
    .action((flags: VersionFlags) => {
      context.stdout(flags.short === true ? renderShortVersion(version) : renderVersion(version, flags.format));
    });
}
