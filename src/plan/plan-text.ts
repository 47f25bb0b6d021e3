import type { Plan } from './plan.js';

/** How much of each step the text shows. */
export interface PlanTextOptions {
  /** Add `<- dependency, ...` to each line. */
  dependencies?: boolean;
}

/**
 * The plan as text, one step a line in execution order: `recreate container demo-web-1 (config
 * changed)`. The same plan always gives the same text (the nodes are sorted when built), so tests
 * compare it with an expected string and --dry-run prints it. An empty plan is the empty string.
 */
export function planText(plan: Plan, options: PlanTextOptions = {}): string {
  return plan.nodes
    .map((node) => {
      let line = node.id;
      if (node.reason !== undefined) line += ` (${node.reason})`;
      if (options.dependencies === true && node.dependsOn.length > 0) line += ` <- ${node.dependsOn.join(', ')}`;
      return line;
    })
    .join('\n');
}
