import type { ContainerSummary } from '../../engine/backend.js';
import { PROJECT_LABEL } from '../../engine/labels.js';
import type { Plan } from '../plan.js';
import type { PreflightProblem } from './preflight-error.js';

/** The names the plan creates containers under that a container outside the project already has. */
export function nameProblems(plan: Plan, containers: readonly ContainerSummary[], projectName: string): PreflightProblem[] {
  const foreign = new Map<string, ContainerSummary>();
  for (const container of containers) {
    if (container.labels[PROJECT_LABEL] !== projectName) foreign.set(container.name, container);
  }
  const problems: PreflightProblem[] = [];
  for (const { action } of plan.nodes) {
    if (action.kind !== 'create-container' && action.kind !== 'recreate-container') continue;
    const names = action.kind === 'create-container' ? [action.name] : [action.temporaryName];
    for (const name of names) {
      const holder = foreign.get(name);
      if (holder === undefined) continue;
      const project = holder.labels[PROJECT_LABEL];
      const outside = project === undefined ? 'a container outside any project' : `a container of project ${project}`;
      problems.push({ kind: 'name', text: `container name "${name}" (service ${action.service}) is taken by ${outside}` });
    }
  }
  return problems;
}
