// A one-off (`run`) container: the service as the command line changes it, and its create body.
// Kept apart from container-spec.ts, which builds the service containers `up` makes.

import { randomBytes } from 'node:crypto';
import type { Service, ServiceMount, ServicePort } from '../../model/index.js';
import type { EngineContainerCreateBody } from '../engine-types.js';
import type { ContainerSpecInput } from './container-input.js';
import { containerCreateBody } from './container-spec.js';

/** What `run`'s flags change in the service; absent keeps the service's own. */
export interface OneOffOverrides {
  /** The command and its arguments; absent or empty keeps the service's. */
  command?: readonly string[];
  /** `--entrypoint`, already split into words (`[]` clears the image's). */
  entrypoint?: readonly string[];
  /** `-e`: over the service's environment; null leaves a variable out. */
  environment?: Readonly<Record<string, string | null>>;
  /** `-l`: over the service's labels. */
  labels?: Readonly<Record<string, string>>;
  user?: string;
  workingDir?: string;
  /** The ports to publish: none unless `--service-ports` (the service's) or `-p` (these). */
  ports: readonly ServicePort[] | 'service';
  /** `-v`: added to the service's mounts, replacing one at the same target. */
  volumes?: readonly ServiceMount[];
  tty: boolean;
  /** Keep standard input open (`-i`, the default). */
  stdinOpen: boolean;
}

/** How the one-off's streams are wired at create. */
export interface OneOffStreams {
  /** Someone attaches to its stdin now (an attached `run`): it gets end of file when they close it. */
  attachStdin: boolean;
  /** The engine removes it once it exits (`run -d --rm`, where nobody is there to remove it). */
  autoRemove: boolean;
}

/** A one-off container's slug: 64 random hex digits, of which its name keeps the first 12. */
export function oneOffSlug(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The service a one-off container runs: the command line's changes over it, no published ports
 * unless asked (so a run does not collide with the service's own containers), and no restart
 * policy, as docker compose does: a command that ends is not started again.
 */
export function oneOffService(service: Service, overrides: OneOffOverrides): Service {
  const changed: Service = { ...service };
  if (overrides.command !== undefined && overrides.command.length > 0) changed.command = [...overrides.command];
  if (overrides.entrypoint !== undefined) changed.entrypoint = [...overrides.entrypoint];
  if (overrides.environment !== undefined && Object.keys(overrides.environment).length > 0) {
    changed.environment = { ...service.environment, ...overrides.environment };
  }
  if (overrides.labels !== undefined && Object.keys(overrides.labels).length > 0) {
    changed.labels = { ...service.labels, ...overrides.labels };
  }
  if (overrides.user !== undefined) changed.user = overrides.user;
  if (overrides.workingDir !== undefined) changed.working_dir = overrides.workingDir;

  if (overrides.ports !== 'service') {
    if (overrides.ports.length > 0) changed.ports = overrides.ports.map((entry) => ({ ...entry }));
    else delete changed.ports;
  }
  if (overrides.volumes !== undefined && overrides.volumes.length > 0) {
    const targets = new Set(overrides.volumes.map((mount) => mount.target));
    changed.volumes = [...(service.volumes ?? []).filter((mount) => !targets.has(mount.target)), ...overrides.volumes];
  }

  if (overrides.tty) changed.tty = true;
  else delete changed.tty;
  if (overrides.stdinOpen) changed.stdin_open = true;
  else delete changed.stdin_open;

  delete changed.restart;
  if (changed.deploy?.restart_policy !== undefined) {
    const deploy = { ...changed.deploy };
    delete deploy.restart_policy;
    changed.deploy = deploy;
  }
  return changed;
}

/**
 * The create body of a one-off container: the service container's body (`input.oneOff` gives the
 * one-off labels and leaves the service aliases out unless asked), with its stdin wired for whoever
 * attaches.
 */
export function oneOffCreateBody(input: ContainerSpecInput, streams: OneOffStreams): EngineContainerCreateBody {
  const body = containerCreateBody({ ...input, oneOff: true });
  if (streams.attachStdin && body.OpenStdin === true) {
    body.AttachStdin = true;
    // The container reads end of file when the attached client closes its stdin, as `docker run -i` does.
    body.StdinOnce = true;
  }
  if (streams.autoRemove) body.HostConfig.AutoRemove = true;
  return body;
}
