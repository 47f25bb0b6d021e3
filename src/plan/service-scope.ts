import { DependencyGraph } from '../graph/dependency-graph.js';
import type { ComposeProject, Service } from '../model/index.js';
import { NoSuchServiceError } from './plan-errors.js';

/** Which services a command acts on. */
export interface ScopeOptions {
  /** Services named on the command line; all of the project's when empty or absent. */
  services?: readonly string[];
  /** Only the named services, not what they depend on. */
  noDeps?: boolean;
}

/** The services a command acts on, and the graph that orders them. */
export interface ServiceScope {
  /** The services named (all when none were), sorted. */
  named: string[];
  /** The named services plus their dependencies (unless noDeps), sorted. */
  services: string[];
  /** Every service of the project and its dependencies within the project. */
  graph: DependencyGraph;
}

/** The project's dependency graph: `depends_on` edges to services the project has (a `required: false` one may be absent). */
export function projectGraph(model: ComposeProject): DependencyGraph {
  const names = Object.keys(model.services);
  const dependencies: Record<string, string[]> = {};
  for (const name of names) {
    dependencies[name] = Object.keys(model.services[name]?.depends_on ?? {}).filter((dependency) =>
      Object.hasOwn(model.services, dependency),
    );
  }
  return DependencyGraph.fromDependencies(dependencies);
}

/** Resolves the services named against the project; an unknown name is a NoSuchServiceError. */
export function serviceScope(model: ComposeProject, options: ScopeOptions): ServiceScope {
  const graph = projectGraph(model);
  const requested = options.services ?? [];
  for (const name of requested) {
    if (!graph.has(name)) throw new NoSuchServiceError(name, graph.nodes);
  }
  const named = requested.length === 0 ? [...graph.nodes] : [...new Set(requested)].sort();
  const services = options.noDeps === true ? named : graph.withDependencies(named);
  return { named, services, graph };
}

/** How many containers a service should have: `--scale`, else `scale`, else `deploy.replicas`, else 1. */
export function replicaCount(service: Service, override: number | undefined): number {
  return override ?? service.scale ?? service.deploy?.replicas ?? 1;
}
