// Pre-flight: after planning and before changing anything, `up` looks for everything that would
// stop it halfway (host ports held, container names taken, images it may not get) and reports all
// of it in one PreflightError.

import type { Backend } from '../../engine/backend.js';
import type { ComposeProject } from '../../model/index.js';
import type { BuildOption, PullOption } from '../image-policy.js';
import type { Plan } from '../plan.js';
import { imageProblems } from './images.js';
import { localHolders, type ProcReader } from './local-ports.js';
import { nameProblems } from './names.js';
import { portAgainstContainers, portAgainstProcess, portsWantedTwice, replacedContainers, wantedPorts } from './ports.js';
import { PreflightError, type PreflightProblem } from './preflight-error.js';

export { PreflightError, type PreflightProblem } from './preflight-error.js';

export interface PreflightInput {
  backend: Backend;
  projectName: string;
  model: ComposeProject;
  plan: Plan;
  /** The loader's warnings: unset variables among them are listed with the problems, as notes. */
  warnings?: readonly string[];
  pull?: PullOption | undefined;
  build?: BuildOption | undefined;
  /** /proc, for tests. */
  proc?: ProcReader;
}

/** Every problem pre-flight finds, checks run in parallel; empty when the plan can go ahead. */
export async function preflightProblems(input: PreflightInput): Promise<PreflightProblem[]> {
  const { backend, projectName, model, plan } = input;
  const wanted = wantedPorts(model, plan);
  const needsContainers = wanted.length > 0 || plan.nodes.some((node) => node.action.kind === 'create-container' || node.action.kind === 'recreate-container');
  const containers = needsContainers ? await backend.listContainers([], { all: true }) : [];

  const replaced = replacedContainers(plan);
  const verdicts = wanted.map((port) => portAgainstContainers(port, containers, projectName, replaced));
  const unclaimed = wanted.filter((_, index) => verdicts[index]?.held === 'no');
  const holders = await localHolders(unclaimed, input.proc);

  const portProblems: PreflightProblem[] = [];
  let next = 0;
  verdicts.forEach((verdict, index) => {
    const port = wanted[index];
    if (port === undefined) return;
    if (verdict.held === 'problem') portProblems.push(verdict.problem);
    if (verdict.held !== 'no') return;
    const problem = portAgainstProcess(port, holders[next]);
    next += 1;
    if (problem !== undefined) portProblems.push(problem);
  });

  return [
    ...portProblems,
    ...portsWantedTwice(wanted),
    ...nameProblems(plan, containers, projectName),
    ...imageProblems(model, plan, input),
  ];
}

/** Throws a PreflightError listing every problem, when there is any. */
export async function preflight(input: PreflightInput): Promise<void> {
  const problems = await preflightProblems(input);
  if (problems.length > 0) throw new PreflightError(problems, unsetVariables(input.warnings ?? []));
}

/** The variables the loader warned were not set, from its warnings (`The "X" variable is not set. ...`). */
export function unsetVariables(warnings: readonly string[]): string[] {
  return warnings.flatMap((warning) => /^The "([^"]+)" variable is not set\./.exec(warning)?.[1] ?? []);
}
