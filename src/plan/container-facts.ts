// What the labels and state of an observed container say, read in one place.

import type { ContainerSummary } from '../engine/backend.js';
import { CONTAINER_NUMBER_LABEL, ONE_OFF_LABEL, ONE_OFF_TRUE, SERVICE_LABEL } from '../engine/labels.js';

/** The service a container belongs to, from its label; undefined for a container without one. */
export function serviceOf(container: ContainerSummary): string | undefined {
  return container.labels[SERVICE_LABEL];
}

/** The replica number from the container-number label; 0 when missing or not a number. */
export function replicaNumber(container: ContainerSummary): number {
  const number = Number.parseInt(container.labels[CONTAINER_NUMBER_LABEL] ?? '', 10);
  return Number.isFinite(number) && number > 0 ? number : 0;
}

/** A container made by `run`, not by `up`. */
export function isOneOff(container: ContainerSummary): boolean {
  return container.labels[ONE_OFF_LABEL] === ONE_OFF_TRUE;
}

/** A Docker-generated volume name: 64 hex digits. */
const ANONYMOUS_VOLUME_NAME = /^[0-9a-f]{64}$/;

/** Whether a volume's name is one the engine made up: a volume mounted without a name. */
export function isAnonymousVolumeName(name: string): boolean {
  return ANONYMOUS_VOLUME_NAME.test(name);
}

/** Running in the sense of needing a stop before removal and no start on up (paused and restarting count). */
export function isRunning(container: ContainerSummary): boolean {
  return container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
}
