import { BerthError } from '../errors.js';

/** `from` depends on `to`: `to` must be started before `from`, and stopped after it. */
export interface DependencyEdge {
  from: string;
  to: string;
}

/** Thrown when an order is asked of a graph that has a cycle; `cycle` starts and ends on the same name. */
export class DependencyCycleError extends BerthError {
  /** The names along the cycle, first repeated at the end: `['a', 'b', 'a']`. */
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[]) {
    super('dependency-cycle', `dependency cycle detected: ${formatCycle(cycle)}`);
    this.cycle = cycle;
  }
}

/** Renders a cycle the way messages name it: `a -> b -> a`. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' -> ');
}

/**
 * Which services depend on which. Knows only names and edges, so both the loader (cycle check) and
 * the reconciler (start and stop order) can use it. Every answer is sorted or otherwise
 * deterministic, so messages and plans do not change from one run to the next.
 */
export class DependencyGraph {
  /** Every name, sorted. */
  readonly nodes: readonly string[];
  private readonly dependencies = new Map<string, Set<string>>();
  private readonly dependents = new Map<string, Set<string>>();

  /** Edges must join known nodes: an edge to an unknown name is a bug in the caller. */
  constructor(nodes: Iterable<string>, edges: Iterable<DependencyEdge> = []) {
    this.nodes = [...new Set(nodes)].sort(compareNames);
    for (const node of this.nodes) {
      this.dependencies.set(node, new Set());
      this.dependents.set(node, new Set());
    }
    for (const { from, to } of edges) {
      const out = this.dependencies.get(from);
      const incoming = this.dependents.get(to);
      if (!out || !incoming) {
        throw new Error(`dependency edge ${from} -> ${to} names a node that is not in the graph`);
      }
      out.add(to);
      incoming.add(from);
    }
  }

  /** A graph from `name → the names it depends on`; every name mentioned must be a key. */
  static fromDependencies(dependencies: Readonly<Record<string, readonly string[]>>): DependencyGraph {
    const edges: DependencyEdge[] = [];
    for (const [from, targets] of Object.entries(dependencies)) {
      for (const to of targets) edges.push({ from, to });
    }
    return new DependencyGraph(Object.keys(dependencies), edges);
  }

  /** Whether `name` is a node. */
  has(name: string): boolean {
    return this.dependencies.has(name);
  }

  /** What `name` depends on directly, sorted. */
  dependenciesOf(name: string): string[] {
    return sortedMembers(this.dependencies.get(name));
  }

  /** What depends on `name` directly, sorted. */
  dependentsOf(name: string): string[] {
    return sortedMembers(this.dependents.get(name));
  }

  /** `names` plus everything they depend on, directly or not, sorted (what `up web` must start); unknown names are left out. */
  withDependencies(names: Iterable<string>): string[] {
    return this.closure(names, this.dependencies);
  }

  /** `names` plus everything that depends on them, directly or not, sorted (what a stop affects). */
  withDependents(names: Iterable<string>): string[] {
    return this.closure(names, this.dependents);
  }

  /**
   * A cycle if there is one, else undefined. The search visits names in sorted order and the cycle
   * is rotated to start at its smallest name, so the same graph always names the same cycle.
   */
  findCycle(): string[] | undefined {
    const done = new Set<string>();
    const onPath = new Map<string, number>();
    const path: string[] = [];

    const visit = (node: string): string[] | undefined => {
      onPath.set(node, path.length);
      path.push(node);
      for (const next of this.dependenciesOf(node)) {
        const at = onPath.get(next);
        if (at !== undefined) return rotateToSmallest(path.slice(at));
        if (done.has(next)) continue;
        const found = visit(next);
        if (found) return found;
      }
      path.pop();
      onPath.delete(node);
      done.add(node);
      return undefined;
    };

    for (const node of this.nodes) {
      if (done.has(node)) continue;
      const found = visit(node);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Every name, each after all it depends on: the order to create and start in. Among names that
   * are ready at the same time the smallest comes first. Throws DependencyCycleError on a cycle.
   */
  dependencyOrder(): string[] {
    return this.orderBy(this.dependencies, this.dependents);
  }

  /**
   * Every name, each before all it depends on: the order to stop and remove in. Computed on its
   * own (not the reverse of dependencyOrder) so that peers still come smallest first.
   */
  reverseOrder(): string[] {
    return this.orderBy(this.dependents, this.dependencies);
  }

  private orderBy(before: Map<string, Set<string>>, after: Map<string, Set<string>>): string[] {
    const cycle = this.findCycle();
    if (cycle) throw new DependencyCycleError(cycle);
    const waiting = new Map<string, number>();
    for (const node of this.nodes) waiting.set(node, before.get(node)?.size ?? 0);
    const ready = this.nodes.filter((node) => waiting.get(node) === 0);
    const order: string[] = [];
    while (ready.length > 0) {
      ready.sort(compareNames);
      const node = ready.shift();
      if (node === undefined) break;
      order.push(node);
      for (const next of after.get(node) ?? []) {
        const left = (waiting.get(next) ?? 0) - 1;
        waiting.set(next, left);
        if (left === 0) ready.push(next);
      }
    }
    return order;
  }

  private closure(names: Iterable<string>, step: Map<string, Set<string>>): string[] {
    const seen = new Set<string>();
    const stack = [...names];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (seen.has(node) || !step.has(node)) continue;
      seen.add(node);
      for (const next of step.get(node) ?? []) stack.push(next);
    }
    return [...seen].sort(compareNames);
  }
}

/** Code-point order, not locale order, so results do not depend on the machine's locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedMembers(members: ReadonlySet<string> | undefined): string[] {
  return members ? [...members].sort(compareNames) : [];
}

/** `[b, c, a]` (b → c → a → b) becomes `[a, b, c, a]`. */
function rotateToSmallest(loop: readonly string[]): string[] {
  let start = 0;
  loop.forEach((name, index) => {
    const best = loop[start];
    if (best !== undefined && name < best) start = index;
  });
  const rotated = [...loop.slice(start), ...loop.slice(0, start)];
  const first = rotated[0];
  return first === undefined ? [] : [...rotated, first];
}
