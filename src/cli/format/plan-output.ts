import { planJson } from '../../plan/plan-json.js';
import { planText } from '../../plan/plan-text.js';
import type { Plan } from '../../plan/plan.js';
import { decimalSize } from './byte-size.js';

/** A plan as `--dry-run` and `berth plan` print it: one step a line, volume sizes as docker prints them (`4.1kB`). */
export function renderPlanText(plan: Plan): string {
  const text = planText(plan, { formatSize: (bytes) => decimalSize(bytes) });
  return text === '' ? '' : `${text}\n`;
}

/** `berth plan --format json`: the plan for tools, indented. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(planJson(plan), null, 2)}\n`;
}

/** What an empty plan of up says instead, on standard error. */
export function nothingToDo(plan: Plan): string {
  const count = plan.upToDate.length;
  const what = count === 0 ? 'no containers to run' : count === 1 ? '1 container up to date' : `${String(count)} containers up to date`;
  return `nothing to do: ${what}\n`;
}

/** What an empty plan of down says instead, on standard error (down's own warning). */
export function nothingToRemove(projectName: string): string {
  return `warning: no resource found to remove for project "${projectName}"\n`;
}
