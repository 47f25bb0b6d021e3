import { BerthError } from '../../errors.js';

/** One thing that would stop `up` halfway, found before anything changed. */
export interface PreflightProblem {
  kind: 'port' | 'name' | 'image';
  /** One line, naming the service, container or port concerned. */
  text: string;
}

/**
 * Every problem pre-flight found, at once: one line when there is one, else a count and one line
 * a problem. Unset variables (warnings only, as in docker compose) are listed as notes, since they
 * are often the cause of the others.
 */
export class PreflightError extends BerthError {
  constructor(
    readonly problems: readonly PreflightProblem[],
    readonly unsetVariables: readonly string[] = [],
  ) {
    super('preflight', preflightMessage(problems, unsetVariables), {
      hint: 'nothing was changed; fix these and run up again',
    });
  }
}

export function preflightMessage(problems: readonly PreflightProblem[], unsetVariables: readonly string[]): string {
  const notes = unsetVariables.map((name) => `note: variable ${name} is used but not set (it was replaced by a blank string)`);
  const [only] = problems;
  if (problems.length === 1 && only !== undefined && notes.length === 0) return `cannot start the project: ${only.text}`;
  const count = `${String(problems.length)} problem${problems.length === 1 ? '' : 's'}`;
  return [`cannot start the project: ${count}`, ...problems.map((problem) => `- ${problem.text}`), ...notes.map((note) => `- ${note}`)].join('\n');
}
