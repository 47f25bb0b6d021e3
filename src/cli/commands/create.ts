import type { Command } from 'commander';
import { commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { addRecreateFlags } from '../planning-flags.js';
import { projectOptions, withProgress } from '../project-command.js';
import { upOptions, type UpFlags } from './up.js';

/** The flags of `berth create`: those of `up` that are about creating. */
export type CreateFlags = Pick<UpFlags, 'forceRecreate' | 'recreate' | 'removeOrphans' | 'scale' | 'pull' | 'build'>;

/** Adds `berth create [SERVICE...]`. */
export function registerCreateCommand(program: Command, context: CommandContext): void {
  const createCommand = program
    .command('create')
    .summary('create containers for a service')
    .description("Create the project's networks, volumes and containers without starting them (up --no-start).")
    .argument('[service...]', 'services to create, with their dependencies (default: all)');
  addRecreateFlags(createCommand)
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
