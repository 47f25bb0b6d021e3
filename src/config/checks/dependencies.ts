import { configErrorAt } from '../config-error.js';
import type { JsonObject } from '../json.js';
import { DependencyGraph, formatCycle } from '../../graph/dependency-graph.js';
import { didYouMean } from '../suggest.js';
import { objectOr, servicePath, servicesOf, type ServiceUnderCheck } from './service-check.js';

/**
 * Every depends_on entry must name a service of the project. One disabled by profiles is an error,
 * unless the dependency is `required: false`: then the entry is removed from the tree (in place)
 * and a warning returned, so later stages never wait for a service that will not run.
 */
export function checkDependsOn(
  { root, name, service }: ServiceUnderCheck,
  disabledServices: ReadonlySet<string>,
): string[] {
  const dependsOn = objectOr(service.depends_on);
  if (dependsOn === undefined) return [];
  const services = servicesOf(root);
  const warnings: string[] = [];
  for (const [dependency, settings] of Object.entries(dependsOn)) {
    if (Object.prototype.hasOwnProperty.call(services, dependency)) continue;
    const at = servicePath(name, 'depends_on', dependency);
    if (!disabledServices.has(dependency)) {
      throw configErrorAt(root, at, `service "${name}" depends on undefined service "${dependency}"`, {
        atKey: true,
        hint: didYouMean(
          dependency,
          [...Object.keys(services), ...disabledServices].filter((other) => other !== name),
        ),
      });
    }
    if (objectOr(settings)?.required !== false) {
      throw configErrorAt(root, at, `service "${name}" depends on "${dependency}", which is disabled by profiles`, {
        atKey: true,
        hint: `activate a profile of "${dependency}" with --profile, name it on the command line, or mark the dependency required: false`,
      });
    }
    Reflect.deleteProperty(dependsOn, dependency);
    warnings.push(
      `service "${name}" depends on "${dependency}", which is disabled by profiles; the dependency is not required, so it is ignored`,
    );
  }
  if (Object.keys(dependsOn).length === 0) delete service.depends_on;
  return warnings;
}

/** The services' depends_on as a graph; call it once every dependency is known to exist. */
export function dependencyGraphOf(root: JsonObject): DependencyGraph {
  const services = servicesOf(root);
  const dependencies: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(services)) {
    dependencies[name] = Object.keys(objectOr(objectOr(service)?.depends_on) ?? {});
  }
  return DependencyGraph.fromDependencies(dependencies);
}

/** Services must not wait for each other in a circle; the whole circle is named, smallest name first. */
export function checkDependencyCycles(root: JsonObject): void {
  const cycle = dependencyGraphOf(root).findCycle();
  if (cycle === undefined) return;
  const [from, to] = cycle;
  const at = from !== undefined && to !== undefined ? servicePath(from, 'depends_on', to) : ['services'];
  throw configErrorAt(root, at, `dependency cycle detected: ${formatCycle(cycle)}`, {
    atKey: true,
    hint: 'remove one of these dependencies',
  });
}
