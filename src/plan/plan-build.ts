import { serviceImageReference } from '../engine/spec/container-spec.js';
import type { ComposeProject } from '../model/index.js';
import { compareText } from './compare-text.js';
import { PlanBuilder } from './plan-builder.js';
import type { BuildImageAction, Plan } from './plan.js';

/** `build`'s flags that shape what it builds. */
export interface BuildPlanOptions {
  noCache?: boolean;
  pull?: boolean;
  /** `--build-arg`: values that replace the build sections' own. */
  args?: Readonly<Record<string, string>>;
}

/**
 * The plan of `build`: one build node per image among the services given that have a build
 * section. Services that share an image name share the node, built from the first one's section
 * (in name order). Services without a build section are left out: there is nothing to build.
 */
export function planBuild(model: ComposeProject, services: readonly string[], options: BuildPlanOptions = {}): Plan {
  const builder = new PlanBuilder();
  const actions = new Map<string, BuildImageAction>();
  for (const name of [...services].sort(compareText)) {
    const service = model.services[name];
    if (service?.build === undefined) continue;
    const reference = serviceImageReference(model.name, name, service);
    const action = actions.get(reference);
    if (action !== undefined) {
      action.services.push(name);
      continue;
    }
    actions.set(reference, {
      kind: 'build-image',
      reference,
      service: name,
      services: [name],
      ...(options.noCache === true ? { noCache: true } : {}),
      ...(options.pull === true ? { pull: true } : {}),
      ...(options.args !== undefined && Object.keys(options.args).length > 0 ? { args: { ...options.args } } : {}),
    });
  }
  for (const action of actions.values()) builder.add(action);
  return builder.build({ project: model.name, upToDate: [], serviceContainers: {} });
}
