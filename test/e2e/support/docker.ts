import { run, toolEnv, type RunOptions, type RunResult } from './run.js';

/** The label docker compose (v1 and v2) and berth put on everything of a project. */
export const PROJECT_LABEL = 'com.docker.compose.project';

/**
 * Runs the docker CLI against the engine on the default socket, the one scripts/engine.sh starts.
 * Never throws.
 */
export function dockerCli(args: readonly string[], options: Omit<RunOptions, 'env'> = {}): Promise<RunResult> {
  return run('docker', args, { ...options, env: toolEnv() });
}

/**
 * Runs Debian's docker-compose 1.29 (installed by scripts/docker-compose.sh, which the e2e global
 * setup runs). Never throws.
 */
export function dockerCompose(
  args: readonly string[],
  options: Omit<RunOptions, 'env'> & { env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<RunResult> {
  return run('docker-compose', args, { ...options, env: toolEnv(options.env) });
}

/** What the engine holds of one project, by name. */
export interface ProjectResources {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** The containers (running or not), networks and volumes labelled as belonging to the project. */
export async function projectResources(projectName: string): Promise<ProjectResources> {
  const filter = `label=${PROJECT_LABEL}=${projectName}`;
  const [containers, networks, volumes] = await Promise.all([
    dockerCli(['ps', '--all', '--filter', filter, '--format', '{{.Names}}']),
    dockerCli(['network', 'ls', '--filter', filter, '--format', '{{.Name}}']),
    dockerCli(['volume', 'ls', '--filter', filter, '--format', '{{.Name}}']),
  ]);
  for (const result of [containers, networks, volumes]) {
    if (result.exitCode !== 0) throw new Error(`docker could not list ${projectName}'s resources: ${result.stderr.trim()}`);
  }
  return { containers: lines(containers.stdout), networks: lines(networks.stdout), volumes: lines(volumes.stdout) };
}

/**
 * Removes whatever a test left of a project, however it was made (berth, docker-compose or by hand):
 * its containers (forcibly, with their anonymous volumes), then its networks, then its volumes.
 * Meant for afterAll/afterEach, so it does not throw when the project is already gone; it returns
 * what it removed.
 */
export async function removeProjectLeftovers(projectName: string): Promise<ProjectResources> {
  const found = await projectResources(projectName).catch((): ProjectResources => ({ containers: [], networks: [], volumes: [] }));
  // Containers first: a network or volume in use cannot be removed.
  if (found.containers.length > 0) await dockerCli(['rm', '--force', '--volumes', ...found.containers]);
  if (found.networks.length > 0) await dockerCli(['network', 'rm', ...found.networks]);
  if (found.volumes.length > 0) await dockerCli(['volume', 'rm', '--force', ...found.volumes]);
  return found;
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .sort();
}
