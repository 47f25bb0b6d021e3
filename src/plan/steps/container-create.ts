import { NameConflictError } from '../../engine/engine-errors.js';
import { PROJECT_LABEL } from '../../engine/labels.js';
import { containerCreateBody, seccompProfilePaths, serviceImageReference, type ContainerSpecInput } from '../../engine/spec/container-spec.js';
import type { EngineContainerCreateBody } from '../../engine/engine-types.js';
import { BerthError } from '../../errors.js';
import { configRecordHash, serviceConfigRecord } from '../../model/config-hash.js';
import { finishContainer, readSeccompProfiles } from './container-setup.js';
import type { StepContext } from './step-context.js';

/** Which container of which service to create, and under what name. */
export interface ContainerToCreate {
  service: string;
  number: number;
  /** The name it ends up with (aliases use it). */
  name: string;
  /** The name to create it under: `name`, or a temporary one while it replaces another. */
  createAs: string;
  replaces?: string;
  /** Anonymous volumes of the replaced container, by target. */
  anonymousVolumes?: Readonly<Record<string, string>>;
}

/**
 * Creates a service container ready to start: created with its first network, connected to the
 * others, and with its secret and config files copied in. Returns its id.
 */
export async function createServiceContainer(context: StepContext, target: ContainerToCreate): Promise<string> {
  const { backend, project } = context;
  const service = project.model.services[target.service];
  if (service === undefined) throw new BerthError('no-such-service', `no such service: ${target.service}`);
  const reference = serviceImageReference(project.name, target.service, service);
  const configRecord = serviceConfigRecord(service);
  const input: ContainerSpecInput = {
    projectName: project.name,
    workingDir: project.workingDir,
    configFiles: project.configFiles,
    serviceName: target.service,
    service,
    project: project.model,
    number: target.number,
    configHash: configRecordHash(configRecord),
    configRecord,
    imageId: await context.images.id(reference),
    name: target.name,
    environment: Object.fromEntries(project.environment.values),
    serviceContainers: context.serviceContainers,
    seccompProfiles: await readSeccompProfiles(seccompProfilePaths(service)),
  };
  if (context.environmentFiles !== undefined) input.environmentFiles = context.environmentFiles;
  if (target.replaces !== undefined) input.replaces = target.replaces;
  if (target.anonymousVolumes !== undefined) input.anonymousVolumes = target.anonymousVolumes;

  const body = containerCreateBody(input);
  if (target.anonymousVolumes !== undefined && (service.volumes_from ?? []).length === 0) {
    mountImageVolumes(body, target.anonymousVolumes);
  }
  const id = await createOrExplain(context, target, body);
  await finishContainer(backend, id, input);
  return id;
}

/**
 * The old container's anonymous volumes at targets the service does not mount itself (the image's
 * VOLUME directories) are mounted again too, so their data survives a recreate.
 */
function mountImageVolumes(body: EngineContainerCreateBody, volumes: Readonly<Record<string, string>>): void {
  const taken = new Set<string>();
  for (const mount of body.HostConfig.Mounts ?? []) taken.add(mount.Target);
  for (const bind of body.HostConfig.Binds ?? []) taken.add(bind.split(':')[1] ?? '');
  for (const target of Object.keys(body.HostConfig.Tmpfs ?? {})) taken.add(target);
  const extra = Object.entries(volumes)
    .filter(([target]) => !taken.has(target))
    .map(([target, name]) => ({ Type: 'volume' as const, Source: name, Target: target }));
  if (extra.length > 0) body.HostConfig.Mounts = [...(body.HostConfig.Mounts ?? []), ...extra];
}

/** A taken name says whose container holds it, and what to do. */
async function createOrExplain(context: StepContext, target: ContainerToCreate, body: EngineContainerCreateBody): Promise<string> {
  try {
    return await context.backend.createContainer(target.createAs, body);
  } catch (error) {
    if (!(error instanceof NameConflictError)) throw error;
    const holder = await context.backend.inspectContainer(target.createAs).catch(() => undefined);
    const owner = holder?.labels[PROJECT_LABEL];
    const whose =
      owner === undefined ? 'a container outside any compose project' : owner === context.project.name ? 'another container of this project' : `a container of project ${owner}`;
    throw new NameConflictError(target.createAs, {
      cause: error,
      hint: `service "${target.service}" needs it, and ${whose} has it: remove or rename that container (docker rm -f ${target.createAs})`,
    });
  }
}
