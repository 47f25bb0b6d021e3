import { Command, Option } from 'commander';
import { registerConfigCommand } from './commands/config.js';
import { ANSI_MODES, PROGRESS_MODES, collect, type CommandContext } from './global-options.js';

/**
 * The `berth` program: the global flags of docker compose, then one subcommand per verb. Each
 * command loads what it needs inside its action, so building the program stays cheap.
 */
export function createProgram(context: CommandContext, version: string): Command {
  const program = new Command('berth')
    .description('Define and run multi-container applications described in compose files.')
    .usage('[options] <command> [args]')
    .version(`berth version ${version}`, '-v, --version', 'print the berth version and quit')
    .option('-f, --file <file>', 'compose file to load; repeat to merge several, "-" reads standard input', collect)
    .option('-p, --project-name <name>', 'project name')
    .option('--project-directory <dir>', 'directory relative paths are resolved from (default: the directory of the first compose file)')
    .option('--env-file <file>', 'environment file to read instead of .env; repeatable', collect)
    .option('--profile <profile>', 'profile to enable; repeatable', collect)
    .addOption(new Option('--ansi <mode>', 'when to print colours and control characters').choices(ANSI_MODES))
    .addOption(new Option('--progress <mode>', 'how to show progress').choices(PROGRESS_MODES))
    .option('--dry-run', 'show what would be done without changing anything')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout(text),
      writeErr: (text) => context.stderr(text),
    })
    .exitOverride();

  registerConfigCommand(program, context);
  return program;
}
