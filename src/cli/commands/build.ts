import type { Command } from 'commander';
import type { BuildOptions } from '../../api/build.js';
import { commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { buildArgEntry, positiveInteger } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth build`. */
export interface BuildFlags {
  /** False with `--no-cache`. */
  cache?: boolean;
  pull?: boolean;
  buildArg?: string[];
  quiet?: boolean;
  push?: boolean;
  withDependencies?: boolean;
  parallel?: number;
}

/** Adds `berth build [SERVICE...]`. */
export function registerBuildCommand(program: Command, context: CommandContext): void {
  program
    .command('build')
    .summary('build or rebuild services')
    .description("Build the images of the services that have a build section (all when none is named), each image once.")
    .argument('[service...]', 'services whose images to build (default: all)')
    .option('--no-cache', 'do not use cache when building the image')
    .option('--pull', 'always attempt to pull a newer version of the image')
    .option('--build-arg <key=value>', 'set build-time variables for services; KEY alone takes its value from the environment; repeatable', buildArgEntry)
    .option('-q, --quiet', "don't print anything to standard output")
    .option('--push', 'push service images')
    .option('--with-dependencies', 'also build dependencies (transitively)')
    .option('--parallel <n>', 'builds at once (default: COMPOSE_PARALLEL_LIMIT, else unlimited)', positiveInteger)
    .action(async (services: string[], flags: BuildFlags, command: Command) => {
      const globals = commandFlags<BuildFlags>(command);
      const options: BuildOptions = { ...(await projectOptions(globals, context, services)), ...buildOptions(flags, context.env) };
      const api = await import('../../api/build.js');
      if (globalSettings(globals, context.env).dryRun) {
        const { planText } = await api.build({ ...options, dryRun: true });
        context.stdout(planText === '' ? '' : `${planText}\n`);
        return;
      }
      const shown = flags.quiet === true ? { ...globals, progress: 'quiet' as const } : globals;
      await withProgress(shown, context, 'Building', (onProgress) => api.build({ ...options, onProgress }));
    });
}

/** The library options the `build` flags ask for. */
export function buildOptions(flags: BuildFlags, env: Readonly<Record<string, string | undefined>>): Omit<BuildOptions, 'services'> {
  const options: Omit<BuildOptions, 'services'> = {};
  if (flags.cache === false) options.noCache = true;
  if (flags.pull === true) options.pull = true;
  if (flags.push === true) options.push = true;
  if (flags.withDependencies === true) options.withDependencies = true;
  if (flags.parallel !== undefined) options.parallel = flags.parallel;
  if (flags.buildArg !== undefined) {
    const args: Record<string, string> = {};
    for (const entry of flags.buildArg) {
      const equals = entry.indexOf('=');
      if (equals >= 0) args[entry.slice(0, equals)] = entry.slice(equals + 1);
      else if (env[entry] !== undefined) args[entry] = env[entry];
    }
    options.buildArgs = args;
  }
  return options;
}
