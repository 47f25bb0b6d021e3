import type { Command } from 'commander';
import { commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { scaleEntry } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth scale`. */
export interface ScaleFlags {
  /** False with `--no-deps`. */
  deps?: boolean;
}

/** Adds `berth scale SERVICE=NUM...`. */
export function registerScaleCommand(program: Command, context: CommandContext): void {
  program
    .command('scale')
    .summary('scale services')
    .description('Run this many containers of each service named (up -d --scale for those services): replicas are added or removed.')
    .argument('<service=num...>', 'a service and its number of replicas, e.g. web=3', scaleEntry)
    .option('--no-deps', "don't start linked services")
    .action(async (replicas: Record<string, number>, flags: ScaleFlags, command: Command) => {
      const globals = commandFlags<ScaleFlags>(command);
      const options = { ...(await projectOptions(globals, context, Object.keys(replicas))), replicas, noDeps: flags.deps === false };
      const api = await import('../../api/scale.js');
      if (globalSettings(globals, context.env).dryRun) {
        const { text } = await api.planScale(options);
        context.stdout(text === '' ? '' : `${text}\n`);
        return;
      }
      await withProgress(globals, context, 'Running', (onProgress) => api.scale({ ...options, onProgress }));
    });
}
