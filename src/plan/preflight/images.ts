import type { ComposeProject } from '../../model/index.js';
import type { BuildOption, PullOption } from '../image-policy.js';
import type { Plan } from '../plan.js';
import type { PreflightProblem } from './preflight-error.js';

/**
 * Images the plan would pull that the run may not pull and cannot build: `pull_policy: never` (or
 * `--pull never`) with no build section (or `--no-build`). The plan given is one made as if every
 * missing image could be pulled, so that these show with the other problems.
 */
export function imageProblems(model: ComposeProject, plan: Plan, options: { pull?: PullOption | undefined; build?: BuildOption | undefined }): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  for (const { action } of plan.nodes) {
    if (action.kind !== 'pull-image') continue;
    for (const name of action.services) {
      const service = model.services[name];
      if (service === undefined) continue;
      const forced = options.pull === 'never';
      const never = forced || ((options.pull === undefined || options.pull === 'policy') && service.pull_policy === 'never');
      const canBuild = service.build !== undefined && options.build !== 'never';
      if (!never || canBuild) continue;
      const why = forced ? '--pull never' : 'pull_policy: never';
      problems.push({ kind: 'image', text: `image ${action.reference} (service ${name}) is not present and cannot be pulled or built (${why})` });
    }
  }
  return problems;
}
