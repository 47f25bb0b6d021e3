import type { ContainerSummary } from '../engine/backend.js';
import { CONFIG_HASH_LABEL, CONFIG_RECORD_LABEL } from '../engine/labels.js';
import { configRecordHash } from '../model/config-hash.js';
import { configDifferences } from './config-diff.js';

/** What an up-to-date container of a service looks like, in the terms a container summary reports. */
export interface ContainerExpectation {
  /** `serviceConfigHash` of the service as the files say it now. */
  configHash: string;
  /** `serviceConfigRecord` of the service as the files say it now: what the hash is made of. */
  configRecord: string;
  /** The id of the service's image as resolved now; undefined when it is not known yet (still to pull). */
  imageId: string | undefined;
  /**
   * The networks it must be attached to: the key under the top-level `networks` (what reasons
   * name), the engine name, and the network's id when the network exists.
   */
  networks: readonly { key: string; name: string; id?: string }[];
  /** The named volumes it must mount: the key under the top-level `volumes`, the engine name, the mount target. */
  volumes: readonly { key: string; name: string; target: string }[];
}

/** When a container's recorded configuration is missing or does not match its hash, nothing finer can be said. */
export const UNRECORDED_CONFIG_CHANGE = 'config changed (no record of the old configuration)';

/**
 * Why a container no longer matches its service, one human reason per difference, in a fixed order
 * (config fields, image, networks, volumes); empty when it matches. Networks or volumes the
 * container has beyond those expected do not count: someone may have connected them on purpose.
 */
export function divergence(expected: ContainerExpectation, container: ContainerSummary): string[] {
  const reasons = configReasons(expected, container.labels);
  if (expected.imageId !== undefined && container.imageId !== expected.imageId) {
    reasons.push(`image changed: ${shortId(container.imageId)} -> ${shortId(expected.imageId)}`);
  }
  for (const network of expected.networks) {
    const endpoint = container.networks[network.name];
    if (endpoint === undefined) reasons.push(`network ${network.key} missing`);
    else if (network.id !== undefined && endpoint.networkId !== '' && endpoint.networkId !== network.id) {
      reasons.push(`network ${network.key} was recreated`);
    }
  }
  for (const volume of expected.volumes) {
    const atTarget = container.mounts.find((mount) => mount.destination === volume.target);
    if (atTarget?.type === 'volume' && atTarget.name === volume.name) continue;
    const instead = atTarget === undefined ? '' : ` (found ${atTarget.type} ${atTarget.name ?? atTarget.source} there)`;
    reasons.push(`volume ${volume.key} not mounted at ${volume.target}${instead}`);
  }
  return reasons;
}

/**
 * The configuration's part of the reasons: each field that changed, read from the record of the
 * old configuration the container carries. A record that is missing (a container of docker compose
 * or of an older berth) or that does not hash to the container's config hash is not guessed from.
 */
function configReasons(expected: ContainerExpectation, labels: Readonly<Record<string, string>>): string[] {
  const hash = labels[CONFIG_HASH_LABEL];
  if (hash === expected.configHash) return [];
  if (hash === undefined) return ['no config hash label'];
  const record = labels[CONFIG_RECORD_LABEL];
  if (record === undefined || configRecordHash(record) !== hash) return [UNRECORDED_CONFIG_CHANGE];
  const differences = configDifferences(JSON.parse(record) as unknown, JSON.parse(expected.configRecord) as unknown);
  return differences.length > 0 ? differences : ['config changed'];
}

/** The first 12 hex digits of an id, without its `sha256:` prefix, as the engine's short ids. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
