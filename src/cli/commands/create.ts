import { Option, type Command } from 'commander';
import { commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { scaleEntry } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';
import { PULL_CHOICES, upOptions, type UpFlags } from './up.js';

/** The flags of `berth create`: those of `up` that are about creating. */
export type CreateFlags = Pick<UpFlags, 'forceRecreate' | 'recreate' | 'removeOrphans' | 'scale' | 'pull' | 'build'>;

/** Adds `berth create [SERVICE...]`. */
export function registerCreateCommand(program: Command, context: CommandContext): void {
  program
    .command('create')
    .summary('create containers for a service')
    .description("Create the project's networks, volumes and containers without starting them (up --no-start).")
    .argument('[service...]', 'services to create, with their dependencies (default: all)')
    .option('--force-recreate', "recreate containers even if their configuration and image haven't changed")
    .option('--no-recreate', "if containers already exist, don't recreate them")
    .option('--remove-orphans', 'remove containers for services not defined in the compose files')
    .option('--scale <service=num>', 'scale SERVICE to NUM instances; repeatable', scaleEntry)
    .addOption(new Option('--pull <policy>', 'pull image before running').choices(PULL_CHOICES))
    .option('--build', 'build images before starting containers')
    .option('--no-build', "don't build an image, even if it's missing")
    .action(async (services: string[], flags: CreateFlags, command: Command) => {
      const globals = commandFlags<CreateFlags>(command);
      const options = { ...(await projectOptions(globals, context, services)), services: [...services], ...upOptions(flags) };
      if (globalSettings(globals, context.env).dryRun) {
        const { planUp } = await import('../../api/up.js');
        const { text } = await planUp({ ...options, noStart: true });
        context.stdout(text === '' ? '' : `${text}\n`);
        return;
      }
      const { create } = await import('../../api/create.js');
      await withProgress(globals, context, 'Creating', (onProgress) => create({ ...options, onProgress }));
    });
}
