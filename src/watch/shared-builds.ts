// A rebuild builds each distinct build once. Services whose build sections are the same (the same
// context, Dockerfile, arguments, target and platform) would get the same image under different
// names: it is built once, for the first of them, and tagged for the others, where docker compose
// sends the context and runs the build once per service.

import { serviceImageReference } from '../engine/spec/container-spec.js';
import type { ComposeProject } from '../model/index.js';
import { compareText } from '../plan/compare-text.js';

/** Services that share one build; `reference` is the image the build makes (the first service's). */
export interface SharedBuild {
  services: string[];
  reference: string;
  /** The other services' image names, tagged from `reference` once it is built. */
  tags: string[];
}

/** The builds of the services (those without a build section are left out), one per distinct build. */
export function sharedBuilds(model: ComposeProject, services: readonly string[]): SharedBuild[] {
  const byIdentity = new Map<string, string[]>();
  for (const name of [...services].sort(compareText)) {
    const service = model.services[name];
    if (service?.build === undefined) continue;
    const identity = buildIdentity(model, name);
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), name]);
  }
  return [...byIdentity.values()].map((members) => {
    const references = members.map((name) => serviceImageReference(model.name, name, model.services[name] ?? {}));
    const reference = references[0] ?? '';
    return { services: members, reference, tags: [...new Set(references.slice(1).filter((other) => other !== reference))] };
  });
}

/** What decides a build's result: its section (but the extra names it is tagged with) and the platform. */
export function buildIdentity(model: ComposeProject, service: string): string {
  const definition = model.services[service];
  if (definition?.build === undefined) return `none:${service}`;
  const build = { ...definition.build };
  delete build.tags;
  return JSON.stringify(sortKeys({ build, platform: definition.platform ?? null }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, inner]) => [key, sortKeys(inner)]),
  );
}
