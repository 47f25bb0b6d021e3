import type { NetworkSummary, VolumeSummary } from '../engine/backend.js';
import { NETWORK_LABEL, PROJECT_LABEL, VOLUME_LABEL } from '../engine/labels.js';
import { serviceImageReference } from '../engine/spec/container-spec.js';
import type { ComposeProject, Service } from '../model/index.js';
import type { ObservedProject, ObserveRequest } from './observe.js';
import type { PlanBuilder } from './plan-builder.js';
import { ExternalResourceNotFoundError, ForeignResourceError } from './plan-errors.js';

/** The top-level networks a service joins, by key; none when it has a network_mode. */
export function serviceNetworkKeys(service: Service): string[] {
  if (service.network_mode !== undefined) return [];
  return Object.keys(service.networks ?? {}).sort();
}

/** The named volumes a service mounts: top-level key and mount target. */
export function serviceVolumeMounts(service: Service): { key: string; target: string }[] {
  const mounts: { key: string; target: string }[] = [];
  for (const mount of service.volumes ?? []) {
    if (mount.type === 'volume' && mount.source !== undefined && mount.source !== '') {
      mounts.push({ key: mount.source, target: mount.target });
    }
  }
  return mounts;
}

/** What observe should look up by name for these services: their networks, volumes and images. */
export function resourceLookups(model: ComposeProject, services: readonly string[]): ObserveRequest {
  const networks = new Set<string>();
  const volumes = new Set<string>();
  const images = new Set<string>();
  for (const name of services) {
    const service = model.services[name];
    if (!service) continue;
    for (const key of serviceNetworkKeys(service)) {
      const definition = model.networks?.[key];
      if (definition) networks.add(definition.name);
    }
    for (const { key } of serviceVolumeMounts(service)) {
      const definition = model.volumes?.[key];
      if (definition) volumes.add(definition.name);
    }
    images.add(serviceImageReference(model.name, name, service));
  }
  return { networks: [...networks], volumes: [...volumes], images: [...images] };
}

/**
 * Decides, once per network or volume, whether the plan creates it: an external one must exist; a
 * project one that exists is reused when its labels say it is this project's (or it has none, with
 * a warning), and is an error when they say it is someone else's; a missing one is created.
 */
export class ResourcePlanner {
  private readonly networkNodes = new Map<string, string | undefined>();
  private readonly volumeNodes = new Map<string, string | undefined>();

  constructor(
    private readonly model: ComposeProject,
    private readonly observed: ObservedProject,
    private readonly builder: PlanBuilder,
  ) {}

  /** The engine name of a network key. */
  networkName(key: string): string {
    return this.model.networks?.[key]?.name ?? `${this.model.name}_${key}`;
  }

  /** The engine name of a volume key. */
  volumeName(key: string): string {
    return this.model.volumes?.[key]?.name ?? `${this.model.name}_${key}`;
  }

  /** The id of the node creating the network, or undefined when it exists. */
  network(key: string): string | undefined {
    if (this.networkNodes.has(key)) return this.networkNodes.get(key);
    const definition = this.model.networks?.[key];
    const name = this.networkName(key);
    const found = this.observed.networks[name];
    let node: string | undefined;
    if (definition?.external === true) {
      if (!found) throw new ExternalResourceNotFoundError('network', name);
    } else if (found) {
      this.checkOwnership('network', found, NETWORK_LABEL, key);
    } else {
      node = this.builder.add({ kind: 'create-network', key, name });
    }
    this.networkNodes.set(key, node);
    return node;
  }

  /** The id of the node creating the volume, or undefined when it exists. */
  volume(key: string): string | undefined {
    if (this.volumeNodes.has(key)) return this.volumeNodes.get(key);
    const definition = this.model.volumes?.[key];
    const name = this.volumeName(key);
    const found = this.observed.volumes[name];
    let node: string | undefined;
    if (definition?.external === true) {
      if (!found) throw new ExternalResourceNotFoundError('volume', name);
    } else if (found) {
      this.checkOwnership('volume', found, VOLUME_LABEL, key);
    } else {
      node = this.builder.add({ kind: 'create-volume', key, name });
    }
    this.volumeNodes.set(key, node);
    return node;
  }

  private checkOwnership(kind: 'network' | 'volume', found: NetworkSummary | VolumeSummary, keyLabel: string, key: string): void {
    const project = found.labels[PROJECT_LABEL];
    const ownKey = found.labels[keyLabel];
    if (project === undefined && ownKey === undefined) {
      this.builder.warn(
        `a ${kind} named ${found.name} exists but was not created for project ${this.model.name}; it is used as it is (declare it external: true to say so)`,
      );
      return;
    }
    if (project !== this.model.name) throw new ForeignResourceError(kind, found.name, PROJECT_LABEL, project);
    if (ownKey !== key) throw new ForeignResourceError(kind, found.name, keyLabel, ownKey);
  }
}
