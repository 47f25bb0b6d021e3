import { Option, type Command } from 'commander';
import type { DownOptions } from '../../api/down.js';
import { commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { seconds } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth down`. */
export interface DownFlags {
  volumes?: boolean;
  removeOrphans?: boolean;
  timeout?: number;
  rmi?: 'local' | 'all';
}

/** Adds `berth down`. */
export function registerDownCommand(program: Command, context: CommandContext): void {
  program
    .command('down')
    .summary('stop and remove containers, networks')
    .description(
      "Stop and remove the project's containers and networks; with -v its volumes, with --rmi its images. " +
        'With -p and no compose file, everything labelled with the project goes.',
    )
    .option('-v, --volumes', 'remove named volumes declared in the "volumes" section of the compose file and anonymous volumes attached to containers')
    .option('--remove-orphans', 'remove containers for services not defined in the compose files')
    .option('-t, --timeout <seconds>', 'seconds to wait for a container to stop before killing it', seconds)
    .addOption(new Option('--rmi <type>', 'remove images used by services: "local" only those without a custom tag').choices(['local', 'all']))
    .action(async (flags: DownFlags, command: Command) => {
      const globals = commandFlags<DownFlags>(command);
      const options: DownOptions = { ...(await projectOptions(globals, context, [])), ...downOptions(flags) };
      const [api, output, { isEmptyPlan }] = await Promise.all([import('../../api/down.js'), import('../format/plan-output.js'), import('../../plan/plan.js')]);
      if (globalSettings(globals, context.env).dryRun) {
        // The plan, as up --dry-run prints it; with -v the volumes it would delete, with their sizes.
        const { plan, projectName } = await api.planDown(options);
        context.stdout(output.renderPlanText(plan));
        if (isEmptyPlan(plan)) context.stderr(output.nothingToRemove(projectName));
        return;
      }
      const result = await withProgress(globals, context, 'Running', (onProgress) => api.down({ ...options, onProgress }));
      if (isEmptyPlan(result.plan)) context.stderr(output.nothingToRemove(result.projectName));
    });
}

/** The library options the `down` flags ask for. */
export function downOptions(flags: DownFlags): Pick<DownOptions, 'volumes' | 'removeOrphans' | 'timeoutSeconds' | 'rmi'> {
  return {
    volumes: flags.volumes === true,
    removeOrphans: flags.removeOrphans === true,
    timeoutSeconds: flags.timeout,
    rmi: flags.rmi,
  };
}
