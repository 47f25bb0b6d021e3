import type { MeasuredVolume, Plan, PlanAction, PlanNode } from './plan.js';

/** A plan for tools (`berth plan --format json`): each step flat, with its reasons as a list. */
export interface PlanJson {
  project: string;
  /** In execution order, as the text lists them. */
  actions: PlanActionJson[];
  /** Containers that are running and need nothing. */
  upToDate: string[];
  warnings: string[];
}

/** One step of a plan for tools. */
export interface PlanActionJson {
  /** The step's line in the text without its reasons: `recreate container demo-web-1`. */
  id: string;
  kind: PlanAction['kind'];
  /** What the step acts on: a container, network or volume name, an image reference, the service waited for. */
  target: string;
  /** The service the step belongs to, when it belongs to one. */
  service?: string;
  /** Why, one entry per cause (each changed field of a recreate); empty when the step speaks for itself. */
  reasons: string[];
  /** Ids of the steps that must finish first. */
  dependsOn: string[];
  /** A volume's size in bytes when measured (a dry run of `down -v`); -1 when the engine cannot tell. */
  size?: number;
  /** The anonymous volumes a removed container takes with it (`down -v`). */
  anonymousVolumes?: MeasuredVolume[];
}

/** The plan as plain data for JSON output. */
export function planJson(plan: Plan): PlanJson {
  return { project: plan.project, actions: plan.nodes.map(actionJson), upToDate: [...plan.upToDate], warnings: [...plan.warnings] };
}

function actionJson(node: PlanNode): PlanActionJson {
  const { action } = node;
  // A wait's service is what it waits for, its target, not the service it belongs to.
  const service = 'service' in action && action.kind !== 'wait-for-dependency' ? { service: action.service } : {};
  const entry: PlanActionJson = { id: node.id, kind: action.kind, target: targetOf(action), ...service, reasons: [...(node.reasons ?? [])], dependsOn: [...node.dependsOn] };
  if (action.kind === 'remove-volume' && action.size !== undefined) entry.size = action.size;
  if (action.kind === 'remove-container' && action.anonymousVolumes !== undefined) entry.anonymousVolumes = action.anonymousVolumes.map((volume) => ({ ...volume }));
  return entry;
}

function targetOf(action: PlanAction): string {
  switch (action.kind) {
    case 'pull-image':
    case 'build-image':
    case 'remove-image':
      return action.reference;
    case 'rename-container':
      return action.to;
    case 'wait-for-dependency':
      return action.service;
    default:
      return action.name;
  }
}
