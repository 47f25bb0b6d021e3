import type { DependencyGraph } from '../graph/dependency-graph.js';

/**
 * Runs `visit` for each of `services`, each as soon as the services it must wait for are done: in
 * `dependencies` order a service waits for what it depends on (start), in `dependents` order for
 * what depends on it (stop). Only edges between services in the set count. Services with nothing
 * to wait for run in parallel. The first failure is thrown once every visit already started has
 * settled, so no step is left half done behind the caller's back.
 */
export async function walkServices(
  graph: DependencyGraph,
  services: readonly string[],
  order: 'dependencies' | 'dependents',
  visit: (service: string) => Promise<void>,
): Promise<void> {
  const inScope = new Set(services);
  // Ordering first makes a cycle an error before anything runs.
  const sequence = (order === 'dependencies' ? graph.dependencyOrder() : graph.reverseOrder()).filter((name) => inScope.has(name));
  for (const name of services) if (!graph.has(name)) sequence.push(name);

  const runs = new Map<string, Promise<void>>();
  let failed = false;
  for (const service of sequence) {
    const waits = waitFor(graph, service, order, inScope).map((name) => runs.get(name) ?? Promise.resolve());
    const run = Promise.all(waits).then(async () => {
      if (failed) return;
      try {
        await visit(service);
      } catch (error) {
        failed = true;
        throw error;
      }
    });
    runs.set(service, run);
  }
  const results = await Promise.allSettled(runs.values());
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * The services of the set that `service` must wait for: its neighbours in the direction of the
 * walk, looking through services outside the set (so `web → api → db` still orders web after db
 * when only those two are in scope).
 */
function waitFor(graph: DependencyGraph, service: string, direction: 'dependencies' | 'dependents', inScope: ReadonlySet<string>): string[] {
  const next = (name: string): string[] => (direction === 'dependencies' ? graph.dependenciesOf(name) : graph.dependentsOf(name));
  const found = new Set<string>();
  const seen = new Set<string>([service]);
  const stack = next(service);
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (inScope.has(name)) found.add(name);
    else stack.push(...next(name));
  }
  return [...found];
}
