import type { LoadedProject } from '../config/load.js';
import type { Backend } from '../engine/backend.js';
import { ImageNotFoundError, NameConflictError } from '../engine/engine-errors.js';
import { seccompProfilePaths, serviceImageReference, type ContainerSpecInput } from '../engine/spec/container-spec.js';
import { oneOffCreateBody, type OneOffStreams } from '../engine/spec/one-off.js';
import type { ComposeProject, Service } from '../model/index.js';
import { serviceConfigHash } from '../model/config-hash.js';
import { finishContainer, readSeccompProfiles } from '../plan/steps/container-setup.js';

/** The one-off container to create. */
export interface OneOffToCreate {
  serviceName: string;
  /** The service as the command line changed it. */
  service: Service;
  /** The project with that service in it (what references to other services resolve against). */
  model: ComposeProject;
  slug: string;
  name: string;
  streams: OneOffStreams;
  /** `--use-aliases`. */
  useAliases: boolean;
  /** The service containers of the other services, by service, lowest number first. */
  serviceContainers: Readonly<Record<string, readonly string[]>>;
  /** `--env-file` files, for the label. */
  environmentFiles?: string[];
}

/**
 * Creates a one-off container ready to start: created on its first network, connected to the
 * others, with its secret and config files copied in, as a service container is. Returns its id.
 */
export async function createOneOffContainer(backend: Backend, project: LoadedProject, target: OneOffToCreate): Promise<string> {
  const reference = serviceImageReference(project.name, target.serviceName, target.service);
  const image = await backend.inspectImage(reference);
  if (image === undefined) throw new ImageNotFoundError(reference, 'not present locally', { hint: 'pull or build it first' });
  const input: ContainerSpecInput = {
    projectName: project.name,
    workingDir: project.workingDir,
    configFiles: project.configFiles,
    serviceName: target.serviceName,
    service: target.service,
    project: target.model,
    number: 1,
    configHash: serviceConfigHash(target.service),
    imageId: image.id,
    oneOff: true,
    slug: target.slug,
    name: target.name,
    environment: Object.fromEntries(project.environment.values),
    serviceContainers: target.serviceContainers,
    useNetworkAliases: target.useAliases,
    seccompProfiles: await readSeccompProfiles(seccompProfilePaths(target.service)),
  };
  if (target.environmentFiles !== undefined && target.environmentFiles.length > 0) input.environmentFiles = target.environmentFiles;
  const body = oneOffCreateBody(input, target.streams);
  let id: string;
  try {
    id = await backend.createContainer(target.name, body);
  } catch (error) {
    if (!(error instanceof NameConflictError)) throw error;
    throw new NameConflictError(target.name, { cause: error, hint: `choose another --name, or remove that container (docker rm -f ${target.name})` });
  }
  await finishContainer(backend, id, input);
  return id;
}
