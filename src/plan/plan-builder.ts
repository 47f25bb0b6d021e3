import { compareText } from './compare-text.js';
import { nodeId, type Plan, type PlanAction, type PlanNode } from './plan.js';

/**
 * Among steps that could run at the same moment, the order the plan lists them in: cleanup,
 * resources, images, stops, removals, creates, starts, waits. Only the text depends on it; the
 * executor follows the edges.
 */
const KIND_RANK: Readonly<Record<PlanAction['kind'], number>> = {
  'rename-container': 0,
  'create-network': 1,
  'create-volume': 2,
  'pull-image': 3,
  'build-image': 3,
  'stop-container': 4,
  'remove-container': 5,
  'create-container': 6,
  'recreate-container': 6,
  'start-container': 7,
  'wait-for-dependency': 8,
  'remove-image': 9,
  'remove-network': 10,
  'remove-volume': 11,
};

interface DraftNode {
  action: PlanAction;
  reasons: string[];
  dependsOn: Set<string>;
}

/** Collects the nodes of a plan as the reconciler decides them; `build` freezes them into a Plan. */
export class PlanBuilder {
  private readonly nodes = new Map<string, DraftNode>();
  private readonly warnings: string[] = [];

  /**
   * Adds a node (or, when one with the same id exists, adds the dependencies to it) and returns its
   * id. `reason` is one cause; `reasons` several, each kept apart in the node.
   */
  add(action: PlanAction, options: { reason?: string; reasons?: readonly string[]; dependsOn?: Iterable<string> } = {}): string {
    const id = nodeId(action);
    const existing = this.nodes.get(id);
    const reasons = [...(options.reason === undefined ? [] : [options.reason]), ...(options.reasons ?? [])];
    const node = existing ?? { action, reasons, dependsOn: new Set<string>() };
    if (!existing) this.nodes.set(id, node);
    for (const dependency of options.dependsOn ?? []) {
      if (dependency !== id) node.dependsOn.add(dependency);
    }
    return id;
  }

  /** Makes `id` wait for `dependency` as well. */
  addDependency(id: string, dependency: string): void {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`plan node "${id}" does not exist`);
    if (dependency !== id) node.dependsOn.add(dependency);
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** The action of a node added before. */
  action(id: string): PlanAction | undefined {
    return this.nodes.get(id)?.action;
  }

  /** Records a warning, once. */
  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** The plan, nodes in execution order. Edges to ids that are not nodes are a bug in the caller. */
  build(extra: { project: string; upToDate: string[]; serviceContainers: Record<string, string[]> }): Plan {
    for (const [id, node] of this.nodes) {
      for (const dependency of node.dependsOn) {
        if (!this.nodes.has(dependency)) throw new Error(`plan node "${id}" depends on unknown node "${dependency}"`);
      }
    }
    return {
      project: extra.project,
      nodes: orderNodes(this.nodes),
      warnings: [...this.warnings],
      upToDate: [...extra.upToDate].sort(compareText),
      serviceContainers: extra.serviceContainers,
    };
  }
}

/** Kahn's order, the smallest (rank, id) first among the ready ones, so the text is stable. */
function orderNodes(nodes: ReadonlyMap<string, DraftNode>): PlanNode[] {
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [id, node] of nodes) {
    waiting.set(id, node.dependsOn.size);
    for (const dependency of node.dependsOn) {
      const list = dependents.get(dependency) ?? [];
      list.push(id);
      dependents.set(dependency, list);
    }
  }
  const ready = [...nodes.keys()].filter((id) => waiting.get(id) === 0);
  const ordered: PlanNode[] = [];
  const key = (id: string): [number, string] => {
    const node = nodes.get(id);
    return [node ? KIND_RANK[node.action.kind] : 0, id];
  };
  const compareReady = (a: string, b: string): number => {
    const [rankA, idA] = key(a);
    const [rankB, idB] = key(b);
    return rankA !== rankB ? rankA - rankB : compareText(idA, idB);
  };
  while (ready.length > 0) {
    ready.sort(compareReady);
    const id = ready.shift();
    const node = id === undefined ? undefined : nodes.get(id);
    if (id === undefined || !node) break;
    ordered.push({
      id,
      action: node.action,
      ...(node.reasons.length === 0 ? {} : { reason: node.reasons.join('; '), reasons: [...node.reasons] }),
      dependsOn: [...node.dependsOn].sort(compareText),
    });
    for (const next of dependents.get(id) ?? []) {
      const left = (waiting.get(next) ?? 0) - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (ordered.length !== nodes.size) throw new Error('the plan has a cycle');
  return ordered;
}
