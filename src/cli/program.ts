import { Command, Option } from 'commander';
import { registerAttachCommand } from './commands/attach.js';
import { registerBuildCommand } from './commands/build.js';
import { registerCommitCommand } from './commands/commit.js';
import { registerConfigCommand } from './commands/config.js';
import { registerCpCommand } from './commands/cp.js';
import { registerCreateCommand } from './commands/create.js';
import { registerDownCommand } from './commands/down.js';
import { registerEventsCommand } from './commands/events.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerExecCommand } from './commands/exec.js';
import { registerExportCommand } from './commands/export.js';
import { registerImagesCommand } from './commands/images.js';
import { registerKillCommand } from './commands/kill.js';
import { registerLogsCommand } from './commands/logs.js';
import { registerLsCommand } from './commands/ls.js';
import { registerPauseCommand } from './commands/pause.js';
import { registerPlanCommand } from './commands/plan.js';
import { registerPortCommand } from './commands/port.js';
import { registerPsCommand } from './commands/ps.js';
import { registerPullCommand } from './commands/pull.js';
import { registerPushCommand } from './commands/push.js';
import { registerRestartCommand } from './commands/restart.js';
import { registerRmCommand } from './commands/rm.js';
import { registerRunCommand } from './commands/run.js';
import { registerScaleCommand } from './commands/scale.js';
import { registerStartCommand } from './commands/start.js';
import { registerStatsCommand } from './commands/stats.js';
import { registerStopCommand } from './commands/stop.js';
import { registerTopCommand } from './commands/top.js';
import { registerUnpauseCommand } from './commands/unpause.js';
import { registerUpCommand } from './commands/up.js';
import { registerVersionCommand } from './commands/version.js';
import { registerWaitCommand } from './commands/wait.js';
import { registerWatchCommand } from './commands/watch.js';
import { commandWord } from './command-word.js';
import { ANSI_MODES, PROGRESS_MODES, collect, type CommandContext } from './global-options.js';

/** Every command, by the name it is invoked with, in the order the help lists them. */
const COMMANDS: readonly { name: string; register: (program: Command, context: CommandContext, version: string) => void }[] = [
  { name: 'config', register: registerConfigCommand },
  { name: 'explain', register: registerExplainCommand },
  { name: 'up', register: registerUpCommand },
  { name: 'down', register: registerDownCommand },
  { name: 'plan', register: registerPlanCommand },
  { name: 'ps', register: registerPsCommand },
  { name: 'logs', register: registerLogsCommand },
  { name: 'create', register: registerCreateCommand },
  { name: 'start', register: registerStartCommand },
  { name: 'stop', register: registerStopCommand },
  { name: 'restart', register: registerRestartCommand },
  { name: 'rm', register: registerRmCommand },
  { name: 'pull', register: registerPullCommand },
  { name: 'push', register: registerPushCommand },
  { name: 'build', register: registerBuildCommand },
  { name: 'port', register: registerPortCommand },
  { name: 'exec', register: registerExecCommand },
  { name: 'run', register: registerRunCommand },
  { name: 'cp', register: registerCpCommand },
  { name: 'attach', register: registerAttachCommand },
  { name: 'kill', register: registerKillCommand },
  { name: 'pause', register: registerPauseCommand },
  { name: 'unpause', register: registerUnpauseCommand },
  { name: 'top', register: registerTopCommand },
  { name: 'wait', register: registerWaitCommand },
  { name: 'scale', register: registerScaleCommand },
  { name: 'export', register: registerExportCommand },
  { name: 'commit', register: registerCommitCommand },
  { name: 'images', register: registerImagesCommand },
  { name: 'ls', register: registerLsCommand },
  { name: 'stats', register: registerStatsCommand },
  { name: 'events', register: registerEventsCommand },
  { name: 'watch', register: registerWatchCommand },
  { name: 'version', register: registerVersionCommand },
];

/**
 * The `berth` program: the global flags of docker compose, then one subcommand per verb. Each
 * command loads what it needs inside its action, so building the program stays cheap.
 *
 * Global flags may also follow the command name (`berth config -f a.yaml`), but a command's own
 * flag wins where both use a letter, as in docker compose: `logs -f` follows, `rm -f` forces,
 * `down -v` removes volumes (the global flag keeps its long name there: `logs --file a.yaml`).
 * So the program reads its flags only before the command name, and each command gets a hidden
 * copy of every global flag whose names it does not use itself.
 */
export function createProgram(context: CommandContext, version: string, argv: readonly string[] = []): Command {
  const program = new Command('berth')
    .description('Define and run multi-container applications described in compose files.')
    .usage('[options] <command> [args]')
    .version(`berth version ${version}`, '-v, --version', 'print the berth version and quit')
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout(text),
      writeErr: (text) => context.stderr(text),
    })
    .exitOverride();
  for (const option of globalOptions()) program.addOption(option);

  // Building every command with all its options is a tenth of a short command's run; only the one
  // asked for is built, unless it cannot be told (help, a mistyped name: all, for the suggestion).
  const asked = COMMANDS.find((command) => command.name === commandWord(argv));
  for (const command of asked === undefined ? COMMANDS : [asked]) command.register(program, context, version);
  for (const command of program.commands) addGlobalOptions(command);
  return program;
}

/** The global flags, made afresh for each command that gets them. */
function globalOptions(): Option[] {
  return [
    new Option('-f, --file <file>', 'compose file to load; repeat to merge several, "-" reads standard input').argParser(collect),
    new Option('-p, --project-name <name>', 'project name'),
    new Option('--project-directory <dir>', 'directory relative paths are resolved from (default: the directory of the first compose file)'),
    new Option('--env-file <file>', 'environment file to read instead of .env; repeatable').argParser(collect),
    new Option('--profile <profile>', 'profile to enable; repeatable').argParser(collect),
    new Option('--ansi <mode>', 'when to print colours and control characters').choices(ANSI_MODES),
    new Option('--progress <mode>', 'how to show progress').choices(PROGRESS_MODES),
    new Option('--dry-run', 'show what would be done without changing anything'),
    new Option('--ci', 'CI mode (default: on when CI is true): plain progress, endpoints as JSON, failed services\' logs'),
    new Option('--no-ci', 'not CI mode, even when CI is true'),
  ];
}

/** Hidden copies of the global flags for a command, less any short or long name the command uses itself. */
function addGlobalOptions(command: Command): void {
  const taken = new Set(command.options.flatMap((option) => [option.short, option.long]).filter((flag) => flag !== undefined));
  for (const option of globalOptions()) {
    if (option.long !== undefined && taken.has(option.long)) continue;
    const short = option.short !== undefined && !taken.has(option.short) ? `${option.short}, ` : '';
    const copy = new Option(`${short}${option.flags.replace(/^-\w, /, '')}`, option.description).hideHelp();
    if (option.argChoices !== undefined) copy.choices(option.argChoices);
    if (option.parseArg !== undefined && option.argChoices === undefined) copy.argParser(option.parseArg);
    command.addOption(copy);
  }
}
