import type { ContainerSummary } from '../engine/backend.js';
import { CONFIG_HASH_LABEL } from '../engine/labels.js';

/** What an up-to-date container of a service looks like, in the terms a container summary reports. */
export interface ContainerExpectation {
  /** `serviceConfigHash` of the service as the files say it now. */
  configHash: string;
  /** The id of the service's image as resolved now; undefined when it is not known yet (still to pull). */
  imageId: string | undefined;
  /** The networks it must be attached to, by engine name, with the network's id when the network exists. */
  networks: readonly { name: string; id?: string }[];
  /** The named volumes it must mount, by engine name and mount target. */
  volumes: readonly { name: string; target: string }[];
}

/**
 * Why a container no longer matches its service, one human reason per difference, in a fixed order
 * (config, image, networks, volumes); empty when it matches. Networks or volumes the container has
 * beyond those expected do not count: someone may have connected them on purpose.
 */
export function divergence(expected: ContainerExpectation, container: ContainerSummary): string[] {
  const reasons: string[] = [];
  const hash = container.labels[CONFIG_HASH_LABEL];
  if (hash !== expected.configHash) reasons.push(hash === undefined ? 'no config hash label' : 'config changed');
  if (expected.imageId !== undefined && container.imageId !== expected.imageId) {
    reasons.push(`image changed: ${shortId(container.imageId)} -> ${shortId(expected.imageId)}`);
  }
  for (const network of expected.networks) {
    const endpoint = container.networks[network.name];
    if (endpoint === undefined) reasons.push(`not attached to network ${network.name}`);
    else if (network.id !== undefined && endpoint.networkId !== '' && endpoint.networkId !== network.id) {
      reasons.push(`network ${network.name} was recreated`);
    }
  }
  for (const volume of expected.volumes) {
    const mounted = container.mounts.some(
      (mount) => mount.type === 'volume' && mount.name === volume.name && mount.destination === volume.target,
    );
    if (!mounted) reasons.push(`volume ${volume.name} not mounted at ${volume.target}`);
  }
  return reasons;
}

/** The first 12 hex digits of an id, without its `sha256:` prefix, as the engine's short ids. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
