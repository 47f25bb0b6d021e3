import { checkBuildContext } from './checks/build-context.js';
import { checkDependencyCycles, checkDependsOn } from './checks/dependencies.js';
import { checkHealthcheckTest } from './checks/healthcheck.js';
import { checkImageOrBuild } from './checks/image-or-build.js';
import { checkMountTargets } from './checks/mount-targets.js';
import { checkNetworkModeWithNetworks, checkNetworkReferences } from './checks/networks.js';
import { checkReplicas } from './checks/replicas.js';
import {
  checkConfigReferences,
  checkSecretReferences,
  checkVolumeReferences,
} from './checks/resource-references.js';
import { checkServiceReferences } from './checks/service-references.js';
import { objectOr, servicesOf, type ServiceUnderCheck } from './checks/service-check.js';
import type { JsonObject } from './json.js';

/** What checkProject needs besides the tree. */
export interface CheckContext {
  /** Services removed by profiles: depending on one is a different fault from naming a typo. */
  disabledServices: readonly string[];
  /** Where a build context left relative is taken from; without it such contexts are not looked at. */
  projectDir?: string;
}

/** The checks that look at one service alone, in the order their faults are reported. */
const SERVICE_CHECKS: readonly ((unit: ServiceUnderCheck) => void)[] = [
  checkImageOrBuild,
  checkReplicas,
  checkNetworkModeWithNetworks,
  checkNetworkReferences,
  checkVolumeReferences,
  checkMountTargets,
  checkSecretReferences,
  checkConfigReferences,
  checkHealthcheckTest,
];

/**
 * What the schema cannot say about a normalized project (after profiles): undefined references,
 * unknown or disabled dependencies, cycles, conflicting settings, missing build contexts. Throws a
 * ConfigError located at the offending line for the first fault, visiting services by name so the
 * same project always reports the same fault. Returns warnings. A non-required dependency on a
 * disabled service is removed from `root` in place (the one change this stage makes).
 */
export async function checkProject(root: JsonObject, ctx: CheckContext): Promise<string[]> {
  const disabled = new Set(ctx.disabledServices);
  const services = servicesOf(root);
  const warnings: string[] = [];
  for (const name of Object.keys(services).sort()) {
    const service = objectOr(services[name]);
    if (service === undefined) continue;
    const unit: ServiceUnderCheck = { root, name, service };
    for (const check of SERVICE_CHECKS) check(unit);
    checkServiceReferences(unit, disabled);
    warnings.push(...checkDependsOn(unit, disabled));
    await checkBuildContext(unit, ctx.projectDir);
  }
  // Only once every edge is known to join two enabled services does a cycle mean a cycle.
  checkDependencyCycles(root);
  return warnings;
}
