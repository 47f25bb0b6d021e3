import { DependencyGraph } from '../graph/dependency-graph.js';
import type { ComposeProject } from '../model/index.js';
import { projectGraph } from '../plan/service-scope.js';

/**
 * The dependency graph of a project's services, from `depends_on` (written and implied), the one
 * `up` orders by. `restartOnly` keeps only the edges with `restart: true`: the ones along which a
 * restart spreads to dependents.
 */
export function serviceGraph(model: ComposeProject, options: { restartOnly?: boolean } = {}): DependencyGraph {
  if (options.restartOnly !== true) return projectGraph(model);
  const dependencies: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(model.services)) {
    dependencies[name] = Object.entries(service.depends_on ?? {})
      .filter(([dependency, details]) => details.restart === true && Object.hasOwn(model.services, dependency))
      .map(([dependency]) => dependency);
  }
  return DependencyGraph.fromDependencies(dependencies);
}

/** The services a verb acts on: the ones named, or every service of the project when none is. */
export function servicesInScope(model: ComposeProject, named: readonly string[] | undefined): string[] {
  return named !== undefined && named.length > 0 ? [...new Set(named)] : Object.keys(model.services);
}
