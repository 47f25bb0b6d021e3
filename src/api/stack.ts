import type { LoadedProject } from '../config/load.js';
import type { Backend, ContainerSummary, ExecResult } from '../engine/backend.js';
import { oneOffFilter, projectLabelFilter, serviceLabelFilter } from '../engine/labels.js';
import { BerthError } from '../errors.js';
import { replicaNumber } from '../plan/container-facts.js';
import { compareText } from '../plan/compare-text.js';
import type { Plan } from '../plan/plan.js';
import type { ProgressSink } from '../plan/progress.js';
import { downProject, type DownOptions, type DownResult } from './down.js';
import { endpointsOf, isIpv6, loopbackFor, type Endpoints } from './endpoints.js';
import { findFailedContainers, type FailedContainer, type FailedContainersOptions } from './failed-containers.js';
import { followProject, type FollowedProject, type FollowOptions } from './follow-project.js';
import { stopServices, type StopResult } from './stop.js';

/** What Stack.down takes: down's choices, without the project options (the stack knows its project). */
export type StackDownOptions = Pick<DownOptions, 'volumes' | 'removeOrphans' | 'rmi' | 'timeoutSeconds' | 'signal' | 'onWarning'>;

/** Where a published port answers from the host. */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * A project brought up by `up`: ask it where its ports are published, run commands in its
 * containers, take it down. `await using stack = await up(...)` takes it down (without volumes) when
 * the scope ends.
 */
export class Stack implements AsyncDisposable {
  /** The project name. */
  readonly name: string;

  constructor(
    readonly project: LoadedProject,
    private readonly backend: Backend,
    private readonly onProgress: ProgressSink,
    /** The plan up carried out (or, with dryRun, would have). */
    readonly plan: Plan,
    /** The plan's text; empty when up had nothing to do. */
    readonly planText: string,
  ) {
    this.name = project.name;
  }

  /** The project's service containers as they are now (stopped ones included), sorted by name. */
  async containers(): Promise<ContainerSummary[]> {
    const list = await this.backend.listContainers([...projectLabelFilter(this.name), ...oneOffFilter(false)], { all: true });
    return [...list].sort((a, b) => compareText(a.name, b.name));
  }

  /**
   * Where `privatePort` of a service's container (replica `index`, 1 by default) is published. An
   * address bound to every interface is given as the loopback address, which is what a client on
   * the engine's host connects to.
   */
  async port(service: string, privatePort: number, options: { index?: number; protocol?: string } = {}): Promise<HostPort> {
    const container = await this.container(service, options.index ?? 1);
    const protocol = options.protocol ?? 'tcp';
    const bindings = container.ports
      .filter((port) => port.privatePort === privatePort && port.type === protocol && port.publicPort !== undefined)
      .sort((a, b) => Number(isIpv6(a.ip)) - Number(isIpv6(b.ip)));
    const binding = bindings[0];
    if (binding?.publicPort === undefined) {
      throw new BerthError('port-not-published', `port ${privatePort}/${protocol} of container ${container.name} is not published`);
    }
    return { host: loopbackFor(binding.ip), port: binding.publicPort };
  }

  /**
   * Every published port of every service container, by service and replica, with the address a
   * client on the engine's host connects to (the document `up --wait` prints in CI mode).
   */
  async endpoints(): Promise<Endpoints> {
    return endpointsOf(this.name, await this.containers());
  }

  /**
   * The services' containers (all when none is given) that failed: exited with a code other than
   * 0, dead, restarting after such an exit, or unhealthy; each with its last lines of output.
   */
  async failedContainers(services?: readonly string[], options: FailedContainersOptions = {}): Promise<FailedContainer[]> {
    return findFailedContainers(this.backend, this.name, services, options);
  }

  /** Runs a command in a service's container (replica `index`, 1 by default) and returns its output. */
  async exec(
    service: string,
    command: readonly string[],
    options: { index?: number; user?: string; workingDir?: string; env?: string[] } = {},
  ): Promise<ExecResult> {
    const container = await this.container(service, options.index ?? 1);
    const execOptions: { user?: string; workingDir?: string; env?: string[] } = {};
    if (options.user !== undefined) execOptions.user = options.user;
    if (options.workingDir !== undefined) execOptions.workingDir = options.workingDir;
    if (options.env !== undefined) execOptions.env = options.env;
    return this.backend.exec(container.id, command, execOptions);
  }

  /**
   * Follows the output of the services' containers as attached `up` shows it: their lines, their
   * exits, their restarts; it ends when they have all stopped, or when `signal` aborts.
   */
  follow(options: FollowOptions = {}): Promise<FollowedProject> {
    return followProject(this.backend, this.name, options);
  }

  /**
   * Stops the running containers of the services (all when none is given), dependents first. With
   * `timeoutSeconds` 0 they are killed at once.
   */
  async stop(services?: readonly string[], options: { timeoutSeconds?: number; onProgress?: ProgressSink } = {}): Promise<StopResult> {
    const context = { project: this.project, backend: this.backend, onProgress: options.onProgress ?? this.onProgress };
    return stopServices(context, services ?? Object.keys(this.project.model.services), options.timeoutSeconds);
  }

  /** The exit code of a service's container (replica `index`, 1 by default) once it has stopped; undefined while it runs. */
  async exitCode(service: string, index = 1): Promise<number | undefined> {
    const container = await this.container(service, index);
    const details = await this.backend.inspectContainer(container.id);
    return details === undefined || details.running ? undefined : details.exitCode;
  }

  /** Stops and removes the project's containers and networks (volumes and images as asked). */
  async down(options: StackDownOptions = {}): Promise<DownResult> {
    return downProject({ project: this.project, fromFiles: true, backend: this.backend, onProgress: this.onProgress }, options);
  }

  /** `await using`: down, keeping volumes. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.down();
  }

  private async container(service: string, index: number): Promise<ContainerSummary> {
    const list = await this.backend.listContainers([...serviceLabelFilter(this.name, service), ...oneOffFilter(false)], { all: true });
    const container = list.find((candidate) => replicaNumber(candidate) === index);
    if (container === undefined) {
      throw new BerthError('no-such-container', `service "${service}" of project ${this.name} has no container number ${index}`);
    }
    return container;
  }
}
