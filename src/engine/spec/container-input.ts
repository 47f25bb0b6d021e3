import type { ComposeProject, Service } from '../../model/index.js';
import { containerName, oneOffContainerName } from './container-name.js';
import { ContainerSpecError } from './spec-error.js';

/** Everything one container's create body is made from. */
export interface ContainerSpecInput {
  projectName: string;
  /** The project directory, for the working_dir label. */
  workingDir: string;
  /** The compose files, for the config_files label. */
  configFiles: string[];
  serviceName: string;
  /** The normalized service. */
  service: Service;
  /** For the network, volume, secret and config definitions, and the other services. */
  project: ComposeProject;
  /** The replica number, 1-based. */
  number: number;
  /** `serviceConfigHash(service)`, computed by the caller. */
  configHash: string;
  /**
   * `serviceConfigRecord(service)`, what the hash was made of: given for service containers, whose
   * recreate reasons compare it; a one-off container is never compared, so it goes without.
   */
  configRecord?: string;
  /** The resolved local image id, for the image label. */
  imageId: string;
  oneOff?: boolean;
  /** A one-off container's random id (64 hex digits); its name ends with the first 12. */
  slug?: string;
  /**
   * The container's final name when the caller chose it (`run --name`). Otherwise it is derived:
   * `container_name` or `<project>-<service>-<n>`, `<project>-<service>-run-<slug>` for a one-off.
   * A replacement created under a temporary name still passes the final one: aliases use it.
   */
  name?: string;
  /** The `--env-file` files, for the environment_file label; the label is left out when none. */
  environmentFiles?: string[];
  /** The project's environment (OS, `.env`, `--env-file`): where `environment:` secrets and configs are read. */
  environment?: Readonly<Record<string, string | undefined>>;
  /** The id of the container this one replaces, for the replace label. */
  replaces?: string;
  /**
   * Anonymous volumes to reuse, by mount target: a replacement keeps the data of the container it
   * replaces. A target absent here gets a fresh volume.
   */
  anonymousVolumes?: Readonly<Record<string, string>>;
  /**
   * The existing containers of other services, by service, lowest number first: links point at all
   * of them, `volumes_from` and `service:` modes at the first. A service absent here is taken to
   * have exactly its first container, under the name it would get.
   */
  serviceContainers?: Readonly<Record<string, readonly string[]>>;
  /**
   * Add the service name and the network's `aliases` to each endpoint's aliases (the container name
   * is always one). Defaults to true, or false for a one-off, as `run` does without `--use-aliases`.
   */
  useNetworkAliases?: boolean;
  /**
   * The contents of the seccomp profiles `security_opt` names by path (`seccomp=/path.json`), by
   * that path: the engine wants the profile itself. `seccompProfilePaths` lists what to read.
   */
  seccompProfiles?: Readonly<Record<string, string>>;
}

/** The name the container ends up with. */
export function finalContainerName(input: ContainerSpecInput): string {
  if (input.name !== undefined) return input.name;
  if (input.oneOff === true) {
    if (input.slug === undefined) {
      throw new ContainerSpecError(`a one-off container of service "${input.serviceName}" needs a slug or a name`);
    }
    return oneOffContainerName(input.projectName, input.serviceName, input.slug);
  }
  return containerName(input.projectName, input.serviceName, input.service, input.number);
}

/** The containers of another service a reference resolves to: those that exist, or the predicted first. */
export function containersOfService(input: ContainerSpecInput, serviceName: string): readonly string[] {
  const existing = input.serviceContainers?.[serviceName];
  if (existing !== undefined) return existing;
  return [containerName(input.projectName, serviceName, input.project.services[serviceName], 1)];
}

/** The first container of another service, for `volumes_from` and `service:` modes; `what` names the reference. */
export function firstContainerOfService(input: ContainerSpecInput, serviceName: string, what: string): string {
  const first = containersOfService(input, serviceName)[0];
  if (first === undefined) {
    throw new ContainerSpecError(`${what}: service "${serviceName}" has no container`, {
      hint: `start ${serviceName} first`,
    });
  }
  return first;
}

/** `services.<name>`: where the service's values came from, for error messages. */
export function servicePath(input: ContainerSpecInput): string {
  return `services.${input.serviceName}`;
}

/** `services.<name>.<field>`. */
export function serviceField(input: ContainerSpecInput, field: string): string {
  return `${servicePath(input)}.${field}`;
}
