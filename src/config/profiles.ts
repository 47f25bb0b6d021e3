import { didYouMean } from './suggest.js';
import { ConfigError } from './config-error.js';
import { isJsonObject, type Json, type JsonObject } from './json.js';
import { cloneWithPositions } from './source-map.js';

/** The profile that activates every service. */
export const ALL_PROFILES = '*';

/** What applyProfiles returns: the project without its disabled services, and what decided it. */
export interface ProfilesResult {
  /** A new tree (positions kept) holding only the enabled services; other top-level keys untouched. */
  project: JsonObject;
  /** The profiles asked for plus those of the services named on the command line, sorted, unique. */
  activeProfiles: string[];
  /** Every profile some service declares, enabled or not, sorted, unique. */
  allProfiles: string[];
  /** The services left out, sorted. */
  disabledServices: string[];
}

/**
 * Removes the services none of whose profiles is active. A service with no profiles is always
 * enabled; `*` enables every service. A service named on the command line activates its own
 * profiles, so other services sharing one of them come with it (the spec's `baz` pulling in `bar`).
 * Naming a service that does not exist is a ConfigError.
 */
export function applyProfiles(
  root: JsonObject,
  options: { profiles: readonly string[]; services: readonly string[] },
): ProfilesResult {
  const services = isJsonObject(root.services) ? root.services : {};
  const names = Object.keys(services);

  const active = new Set(options.profiles);
  for (const name of options.services) {
    const service = services[name];
    if (service === undefined) {
      throw new ConfigError(`no such service: "${name}"`, {}, { hint: didYouMean(name, names) });
    }
    for (const profile of profilesOf(service)) active.add(profile);
  }

  const all = new Set<string>();
  const disabled: string[] = [];
  for (const name of names) {
    const profiles = profilesOf(services[name] ?? null);
    for (const profile of profiles) all.add(profile);
    if (!isEnabled(profiles, active)) disabled.push(name);
  }

  // Nothing to leave out is the common case: the input then serves as it is.
  const project = disabled.length === 0 ? root : cloneWithPositions(root);
  const kept = project.services;
  if (isJsonObject(kept)) {
    for (const name of disabled) Reflect.deleteProperty(kept, name);
  }
  return {
    project,
    activeProfiles: [...active].sort(),
    allProfiles: [...all].sort(),
    disabledServices: disabled.sort(),
  };
}

/** Whether a service declaring `profiles` runs when `active` are the active profiles. */
export function isEnabled(profiles: readonly string[], active: ReadonlySet<string>): boolean {
  if (profiles.length === 0 || active.has(ALL_PROFILES)) return true;
  return profiles.some((profile) => active.has(profile));
}

/** The profiles a service declares (none when it declares none). */
export function profilesOf(service: Json): string[] {
  if (!isJsonObject(service) || !Array.isArray(service.profiles)) return [];
  return service.profiles.filter((profile): profile is string => typeof profile === 'string');
}
