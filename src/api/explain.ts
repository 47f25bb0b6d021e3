import { ConfigError } from '../config/config-error.js';
import type { VariableOrigin } from '../config/environment.js';
import { isJsonObject, type JsonObject } from '../config/json.js';
import { loadProject, type LoadOptions, type LoadedProject } from '../config/load.js';
import { ALL_PROFILES, profilesOf } from '../config/profiles.js';
import { envFileVariables, listedEnvFiles, pathMatches, serviceProvenance, type ValueProvenance } from '../config/provenance.js';
import type { SourcePosition } from '../config/source-map.js';
import { didYouMean } from '../config/suggest.js';
import { valueSource, variableValue, type TracedReference, type VariableSource } from '../config/variable-trace.js';

export type { ValueOrigin, ValueProvenance } from '../config/provenance.js';
export type { TracedReference, VariableSource } from '../config/variable-trace.js';

/** What `explain` takes: the loader's options, and what to narrow the answer to. */
export interface ExplainOptions extends LoadOptions {
  /** Only this service's values (it may be one that no active profile enables). */
  service?: string;
  /** Only values under this key path of the service: `environment.GREETING`, `ports`, `ports[0]`. */
  key?: string;
}

/** Where a profile in force was asked for. */
export type ProfileSource = { kind: 'flag' } | { kind: 'variable'; origin?: VariableOrigin };

/** Whether a service runs with the profiles in force, and why. */
export interface ServiceActivation {
  service: string;
  active: boolean;
  /** The profiles the service declares. */
  profiles: string[];
  /** Those of its profiles that are in force (all of them under `*`). */
  enabledBy: string[];
}

/** One variable the compose files use, what it resolved to, and each place it is used. */
export interface VariableExplanation {
  name: string;
  /** Its value in the environment interpolation reads; undefined when it has none. */
  value?: string;
  /** Where that value came from: the shell, an env file line, the project name, or nowhere. */
  source: VariableSource;
  uses: TracedReference[];
}

/** A `${VAR}` that only a service's env_file sets: env_file never feeds interpolation. */
export interface EnvFileOnlyWarning {
  variable: string;
  /** Where the compose files use it. */
  usedAt: SourcePosition[];
  /** The env_file lines that set it, and for which service. */
  definedAt: { service: string; at: SourcePosition }[];
  message: string;
}

/** Everything `explain` found out. */
export interface Explanation {
  project: string;
  workingDir: string;
  configFiles: string[];
  /** Profiles in force and where each was asked for. */
  profiles: { name: string; source: ProfileSource }[];
  /** Every service the files define, active or not, sorted by name. */
  services: ServiceActivation[];
  /** The values of the services asked for (all active ones by default), each with its origin. */
  values: { service: string; values: ValueProvenance[] }[];
  variables: VariableExplanation[];
  warnings: EnvFileOnlyWarning[];
}

/**
 * Loads the project recording where every value and every variable came from, and answers: which
 * services are active and why, where each value of a service was set (file, line and column, through
 * merges, `extends` and `include`), what each `${VAR}` resolved to and from where, and which
 * variables are set only in an env_file, where interpolation never looks.
 */
export async function explain(options: ExplainOptions = {}): Promise<Explanation> {
  const { service, key, ...loadOptions } = options;
  const project = await loadProject({ ...loadOptions, traceVariables: true });
  const merged = project.mergedServices ?? {};
  if (service !== undefined && merged[service] === undefined) {
    throw new ConfigError(`no such service: "${service}"`, {}, { hint: didYouMean(service, Object.keys(merged)) });
  }
  const variables = project.variables ?? [];
  const activeServices = isJsonObject(project.model.services) ? (project.model.services as unknown as JsonObject) : {};
  const shown = service === undefined ? Object.keys(activeServices).sort() : [service];
  const values = shown.map((name) => {
    // An inactive service is explained from the merged files, as it would be if a profile enabled it.
    const definition = activeServices[name] ?? merged[name];
    const all = isJsonObject(definition) ? serviceProvenance(definition, variables) : [];
    return { service: name, values: key === undefined ? all : all.filter((value) => pathMatches(value.path, key)) };
  });
  return {
    project: project.name,
    workingDir: project.workingDir,
    configFiles: project.configFiles,
    profiles: profileSources(project, loadOptions),
    services: activations(project, merged),
    values,
    variables: explainVariables(variables, project),
    warnings: envFileOnlyWarnings(variables, activeServices, listedEnvFiles(merged, project.workingDir)),
  };
}

function profileSources(project: LoadedProject, options: LoadOptions): { name: string; source: ProfileSource }[] {
  const fromFlag = new Set(options.profiles ?? []);
  const origin = project.environment.origins.get('COMPOSE_PROFILES');
  return project.activeProfiles.map((name) => ({
    name,
    source: fromFlag.has(name) ? { kind: 'flag' } : origin ? { kind: 'variable', origin } : { kind: 'variable' },
  }));
}

function activations(project: LoadedProject, merged: JsonObject): ServiceActivation[] {
  const active = new Set(project.activeProfiles);
  const disabled = new Set(project.disabledServices);
  return Object.keys(merged)
    .sort()
    .map((name) => {
      const profiles = profilesOf(merged[name] ?? null);
      const enabledBy = active.has(ALL_PROFILES) ? profiles : profiles.filter((profile) => active.has(profile));
      return { service: name, active: !disabled.has(name), profiles, enabledBy };
    });
}

function explainVariables(references: readonly TracedReference[], project: LoadedProject): VariableExplanation[] {
  const byName = new Map<string, TracedReference[]>();
  for (const reference of references) {
    const list = byName.get(reference.name) ?? [];
    list.push(reference);
    byName.set(reference.name, list);
  }
  return [...byName.keys()].sort().map((name) => {
    const explanation: VariableExplanation = { name, source: valueSource(name, project.environment), uses: byName.get(name) ?? [] };
    const value = variableValue(name, project.environment, project.name);
    if (value !== undefined) explanation.value = value;
    return explanation;
  });
}

function envFileOnlyWarnings(
  references: readonly TracedReference[],
  services: JsonObject,
  envFiles: ReadonlySet<string>,
): EnvFileOnlyWarning[] {
  if (envFiles.size === 0) return [];
  const definitions = envFileVariables(services, envFiles);
  const warnings = new Map<string, EnvFileOnlyWarning>();
  for (const reference of references) {
    // Only a reference that found no value of its own is the confusion; one set in .env is fine.
    if (reference.outcome === 'value' || reference.outcome === 'alternate') continue;
    const definedAt = definitions.get(reference.name);
    if (definedAt === undefined) continue;
    const warning = warnings.get(reference.name) ?? {
      variable: reference.name,
      usedAt: [],
      definedAt,
      message:
        `\${${reference.name}} is set only in the env_file of ${[...new Set(definedAt.map((entry) => entry.service))].join(', ')}, ` +
        'which sets the container\'s environment and is never read for interpolation; ' +
        'set it in the shell, in .env, or in a file given with --env-file',
    };
    if (reference.at) warning.usedAt.push(reference.at);
    warnings.set(reference.name, warning);
  }
  return [...warnings.values()];
}
