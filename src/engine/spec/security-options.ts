import type { Service } from '../../model/index.js';
import type { ContainerSpecInput } from './container-input.js';
import { serviceField } from './container-input.js';
import { ContainerSpecError } from './spec-error.js';

/** `seccomp` values that name a profile the engine knows, rather than a file. */
const BUILT_IN_PROFILES = new Set(['unconfined', 'builtin']);

/** `seccomp=<path>` or the older `seccomp:<path>`: the path, or undefined for another option. */
function seccompPath(option: string): string | undefined {
  const match = /^seccomp[=:](.*)$/s.exec(option);
  const value = match?.[1];
  if (value === undefined || BUILT_IN_PROFILES.has(value)) return undefined;
  return value;
}

/** The seccomp profile files the service's `security_opt` names, for the caller to read. */
export function seccompProfilePaths(service: Service): string[] {
  return (service.security_opt ?? []).flatMap((option) => {
    const path = seccompPath(option);
    return path === undefined ? [] : [path];
  });
}

/**
 * `security_opt` as the engine takes it: a seccomp profile given by path replaced by the profile's
 * content (the engine reads no client files), and `credential_spec` as a `credentialspec=` option.
 */
export function securityOptions(input: ContainerSpecInput): string[] {
  const options = (input.service.security_opt ?? []).map((option) => {
    const path = seccompPath(option);
    if (path === undefined) return option;
    const profile = input.seccompProfiles?.[path];
    if (profile === undefined) {
      throw new ContainerSpecError(`${serviceField(input, 'security_opt')}: the seccomp profile ${path} was not read`, {
        hint: 'pass its content in seccompProfiles (seccompProfilePaths lists the files to read)',
      });
    }
    return `seccomp=${profile}`;
  });
  const credential = credentialSpecOption(input.service.credential_spec);
  if (credential !== undefined) options.push(credential);
  return options;
}

/** `credential_spec` (Windows): `file`, `registry` or `config`, as `credentialspec=<kind>://<value>`. */
function credentialSpecOption(spec: Record<string, unknown> | undefined): string | undefined {
  if (spec === undefined) return undefined;
  for (const kind of ['file', 'registry', 'config']) {
    const value = spec[kind];
    if (typeof value === 'string' && value !== '') return `credentialspec=${kind}://${value}`;
  }
  return undefined;
}
