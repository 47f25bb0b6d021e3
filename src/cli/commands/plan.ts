import { Option, type Command } from 'commander';
import { BerthError } from '../../errors.js';
import { IncompatibleOptionsError } from '../../plan/plan-errors.js';
import type { Plan } from '../../plan/plan.js';
import { commandFlags, type CommandContext } from '../global-options.js';
import { addRecreateFlags, addStartFlags } from '../planning-flags.js';
import { projectOptions } from '../project-command.js';
import { downOptions, type DownFlags } from './down.js';
import { upOptions, type UpFlags } from './up.js';

/** The flags of `berth plan`: up's that shape a plan, down's with `--down`, and the output format. */
interface PlanFlags extends Pick<UpFlags, 'deps' | 'forceRecreate' | 'recreate' | 'start' | 'removeOrphans' | 'scale' | 'pull' | 'renewAnonVolumes' | 'alwaysRecreateDeps' | 'build'>, Pick<DownFlags, 'volumes' | 'rmi'> {
  down?: boolean;
  format: 'text' | 'json';
}

/** Adds `berth plan [SERVICE...]`. */
export function registerPlanCommand(program: Command, context: CommandContext): void {
  const planCommand = program
    .command('plan')
    .summary('show what up (or down) would do, and why')
    .description(
      'Print the steps up would take, as up --dry-run does: what it would create, recreate, start, stop or remove, and ' +
        'for each recreate every field that changed. With --down, what down would remove; with -v also the volumes, with their sizes. ' +
        'Nothing is changed.',
    )
    .argument('[service...]', 'services to plan for, with their dependencies (default: all)');
  addStartFlags(addRecreateFlags(planCommand))
    .option('--down', 'plan down instead of up')
    .option('-v, --volumes', 'with --down: also the named and anonymous volumes, with their sizes')
    .addOption(new Option('--rmi <type>', 'with --down: also the images of the services').choices(['local', 'all']))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (services: string[], flags: PlanFlags, command: Command) => {
      const globals = commandFlags<PlanFlags>(command);
      checkPlanFlags(flags, services);
      const base = await projectOptions(globals, context, services);
      let plan: Plan;
      if (flags.down === true) {
        const { planDown } = await import('../../api/down.js');
        ({ plan } = await planDown({ ...base, ...downOptions(flags) }));
      } else {
        const { planUp } = await import('../../api/up.js');
        ({ plan } = await planUp({ ...base, services: [...services], ...upOptions(flags) }));
      }
      const output = await import('../format/plan-output.js');
      const printed = flags.format === 'json' ? output.renderPlanJson(plan) : output.renderPlanText(plan);
      context.stdout(printed);
      if (printed === '') context.stderr(flags.down === true ? output.nothingToRemove(plan.project) : output.nothingToDo(plan));
    });
}

/** Up's flags and down's do not mix; down's alone need --down. */
function checkPlanFlags(flags: PlanFlags, services: readonly string[]): void {
  if (flags.down !== true) {
    if (flags.volumes === true || flags.rmi !== undefined) {
      const flag = flags.volumes === true ? '-v' : '--rmi';
      throw new BerthError('plan-down-flag', `${flag} is a flag of down: it needs --down`, { hint: `berth plan --down ${flag}` });
    }
    return;
  }
  const upOnly = [
    ['a service name', services.length > 0],
    ['--no-deps', flags.deps === false],
    ['--force-recreate', flags.forceRecreate === true],
    ['--no-recreate', flags.recreate === false],
    ['--no-start', flags.start === false],
    ['--scale', flags.scale !== undefined],
    ['--pull', flags.pull !== undefined],
    ['--build', flags.build === true],
    ['--no-build', flags.build === false],
    ['-V', flags.renewAnonVolumes === true],
    ['--always-recreate-deps', flags.alwaysRecreateDeps === true],
  ] as const;
  for (const [flag, given] of upOnly) if (given) throw new IncompatibleOptionsError(flag, '--down');
}
