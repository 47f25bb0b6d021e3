import { Option, type Command } from 'commander';
import { BerthError } from '../../errors.js';
import type { ConfigFormat, ConfigView } from '../../api/config.js';
import { toLoadOptions, type CommandContext, type GlobalFlags } from '../global-options.js';

/** The flags of `berth config`, as the program parses them. */
export interface ConfigFlags {
  format?: ConfigFormat;
  quiet?: boolean;
  services?: boolean;
  volumes?: boolean;
  networks?: boolean;
  profiles?: boolean;
  images?: boolean;
  hash?: string;
  interpolate: boolean;
  normalize: boolean;
  pathResolution: boolean;
  environment?: boolean;
  variables?: boolean;
  output?: string;
}

/** Adds `berth config [SERVICE...]`: the project as berth loads it, or one of its lists. */
export function registerConfigCommand(program: Command, context: CommandContext): void {
  program
    .command('config')
    .summary('parse, resolve and render the compose files in canonical form')
    .description(
      'Parse, resolve and render the compose files in canonical form. Named services are shown with ' +
        'what they depend on, and their profiles are enabled.',
    )
    .argument('[service...]', 'services to show (default: all)')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']))
    .option('-q, --quiet', 'only validate the configuration, print nothing')
    .option('--services', 'print the service names, one per line')
    .option('--volumes', 'print the volume names, one per line')
    .option('--networks', 'print the network names, one per line')
    .option('--profiles', 'print the profile names, one per line')
    .option('--images', 'print the image names, one per line')
    .option('--hash <service>', 'print "service hash" lines for these services ("*" for all, or names separated by commas)')
    .option('--no-interpolate', 'do not expand ${VARIABLES}')
    .option('--no-normalize', 'do not add defaults or resolve resource names')
    .option('--no-path-resolution', 'leave relative paths as written')
    .option('--environment', 'print the environment used for interpolation, KEY=VALUE per line')
    .option('--variables', 'print a table of the variables the files use, with their defaults')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (services: string[], flags: ConfigFlags, command: Command) => {
      await runConfig(services, flags, command.optsWithGlobals<GlobalFlags & ConfigFlags>(), context);
    });
}

/** Which view the flags ask for: the first in this order wins, as in docker compose. */
export function configView(flags: ConfigFlags): ConfigView | 'variables' {
  if (flags.services) return { kind: 'services' };
  if (flags.volumes) return { kind: 'volumes' };
  if (flags.networks) return { kind: 'networks' };
  if (flags.hash !== undefined) return { kind: 'hash', selector: flags.hash };
  if (flags.profiles) return { kind: 'profiles' };
  if (flags.images) return { kind: 'images' };
  if (flags.variables) return 'variables';
  if (flags.environment) return { kind: 'environment' };
  return { kind: 'model', format: flags.format ?? 'yaml' };
}

async function runConfig(
  services: readonly string[],
  flags: ConfigFlags,
  globals: GlobalFlags,
  context: CommandContext,
): Promise<void> {
  const view = configView(flags);
  const options = {
    ...toLoadOptions(globals, context),
    services,
    interpolate: flags.interpolate,
    normalize: flags.normalize,
    resolvePaths: flags.pathResolution,
  };
  const api = await import('../../api/load-project.js');
  const render = await import('../../api/config.js');

  let text: string;
  if (view === 'variables') {
    const { documents } = await api.loadComposeDocuments(options);
    text = render.renderVariables(render.collectVariables(documents), flags.format);
  } else {
    const project = await api.loadProject(options);
    text = render.renderConfigView({ ...project, model: render.selectServices(project.model, services) }, view);
  }
  if (flags.quiet) return;
  if (flags.output !== undefined) {
    const [{ writeFile }, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    const file = path.resolve(context.cwd, flags.output);
    try {
      await writeFile(file, text);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new BerthError('output', `cannot write ${file}: ${reason}`, { cause: error });
    }
    return;
  }
  context.stdout(text);
}
