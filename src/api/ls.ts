import type { Backend, ContainerSummary } from '../engine/backend.js';
import { CONFIG_FILES_LABEL, PROJECT_LABEL } from '../engine/labels.js';
import { defaultBackend } from './project-context.js';

/** `ls`: every compose project on the engine. No compose file is read. */
export interface LsOptions {
  /** Projects whose containers are all stopped too (`-a`); only running containers count otherwise. */
  all?: boolean;
  /**
   * `--filter name=...`: only projects whose name matches one of these, as docker's filters match a
   * name (the same string, or a regular expression found in it). All when absent or empty.
   */
  names?: readonly string[];
  /** The engine to use; by default the Docker engine found from the environment. */
  backend?: Backend;
  /** Where DOCKER_HOST and friends are read when there is no `backend`; the process's by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A compose project as the engine's containers show it. */
export interface ProjectSummary {
  name: string;
  /** How many of its (listed) containers are in each state, by state name. */
  states: { state: string; count: number }[];
  /** The compose files its containers were made from, each once, in the order met; undefined when a container does not say. */
  configFiles: string[] | undefined;
}

/**
 * The projects that have containers on the engine, berth's and docker compose's alike (by the
 * `com.docker.compose.project` label), sorted by name: one list call. Without `all`, only running
 * containers are listed, so a project shows up only while something of it runs.
 */
export async function ls(options: LsOptions = {}): Promise<ProjectSummary[]> {
  const backend = options.backend ?? (await defaultBackend({ ...(options.env ?? process.env) }));
  const containers = await backend.listContainers([PROJECT_LABEL], { all: options.all === true });
  const byProject = new Map<string, ContainerSummary[]>();
  for (const container of containers) {
    const name = container.labels[PROJECT_LABEL] ?? '';
    byProject.set(name, [...(byProject.get(name) ?? []), container]);
  }
  const names = options.names ?? [];
  return [...byProject.keys()]
    .sort()
    .filter((name) => names.length === 0 || names.some((wanted) => nameMatches(name, wanted)))
    .map((name) => summary(name, byProject.get(name) ?? []));
}

function summary(name: string, containers: readonly ContainerSummary[]): ProjectSummary {
  const counts = new Map<string, number>();
  for (const container of containers) counts.set(container.state, (counts.get(container.state) ?? 0) + 1);
  return {
    name,
    states: [...counts.keys()].sort().map((state) => ({ state, count: counts.get(state) ?? 0 })),
    configFiles: configFilesOf(containers),
  };
}

function configFilesOf(containers: readonly ContainerSummary[]): string[] | undefined {
  const files: string[] = [];
  for (const container of containers) {
    const label = container.labels[CONFIG_FILES_LABEL];
    if (label === undefined) return undefined;
    for (const file of label.split(',')) if (!files.includes(file)) files.push(file);
  }
  return files;
}

/** Docker's filter match: the same string, or else a regular expression found in the name (an invalid one matches nothing). */
function nameMatches(name: string, wanted: string): boolean {
  if (name === wanted) return true;
  try {
    return new RegExp(wanted).test(name);
  } catch {
    return false;
  }
}
