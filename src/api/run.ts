import type { LoadedProject } from '../config/load.js';
import type { AttachedStreams, Backend, TerminalSize } from '../engine/backend.js';
import { oneOffContainerName } from '../engine/spec/container-name.js';
import { oneOffService, oneOffSlug } from '../engine/spec/one-off.js';
import type { ComposeProject, Service } from '../model/index.js';
import { executePlan, type ExecuteOptions } from '../plan/execute.js';
import { ImageLedger } from '../plan/image-ledger.js';
import type { BuildOption, PullOption } from '../plan/image-policy.js';
import { observeProject, type ObservedProject } from '../plan/observe.js';
import { containersByService, planOneOff } from '../plan/plan-one-off.js';
import { NoSuchServiceError } from '../plan/plan-errors.js';
import { planText } from '../plan/plan-text.js';
import { isImageNode, type Plan } from '../plan/plan.js';
import { resourceLookups } from '../plan/resource-plan.js';
import { serviceScope } from '../plan/service-scope.js';
import { createOneOffContainer } from './one-off-container.js';
import { openProject, type ProjectContext, type ProjectOptions } from './project-context.js';
import { oneOffOverrides, type OneOffFlags } from './run-overrides.js';
import { planUp, up } from './up.js';

/** `run SERVICE [COMMAND [ARGS...]]`: docker compose's flags, as options. */
export interface RunOptions extends ProjectOptions, OneOffFlags {
  service: string;
  /** `--name`: instead of `<project>-<service>-run-<12 hex>`. */
  name?: string;
  /** Start it and return; nothing is attached. */
  detach?: boolean;
  /** `--rm`: remove it (and its anonymous volumes) once it exits. */
  remove?: boolean;
  /** Give it a TTY (the CLI does when its stdin is a terminal and -T is not given). */
  tty?: boolean;
  /** Keep its stdin open and attach it (docker compose's `--interactive`, on by default). */
  interactive?: boolean;
  /** Do not bring up the services it depends on (nor wait for them). */
  noDeps?: boolean;
  /** Join the networks with the service's aliases too. */
  useAliases?: boolean;
  pull?: PullOption;
  /** `--build` (`always`) or `--no-build` (`never`), for it and its dependencies. */
  build?: BuildOption;
  /** Passed to the up of the dependencies. */
  removeOrphans?: boolean;
  /** The TTY's size at the start. */
  size?: TerminalSize;
}

/** A one-off container, started. */
export interface OneOffRun {
  /** Its engine name (`demo-web-run-3f9a1c0b7e2d`). */
  name: string;
  id: string;
  /** Its streams, attached before it started (so no output is missed); undefined when detached. */
  streams: AttachedStreams | undefined;
  tty: boolean;
  /** Resizes its TTY. */
  resize(size: TerminalSize): Promise<void>;
  /** Sends a signal to its main process (Ctrl+C passed on). */
  kill(signal: string): Promise<void>;
  /** Waits until it exits and returns its exit code; with `remove`, removes it then. */
  exitCode(): Promise<number>;
  /** Removes it now, running or not. */
  remove(): Promise<void>;
}

/** What `run --dry-run` shows. */
export interface RunPlan {
  project: LoadedProject;
  /** The name the container would get. */
  name: string;
  /** One step a line: the dependencies' up, what the one-off needs, and the one-off itself. */
  text: string;
}

/**
 * Runs a one-off container of a service: brings up its dependencies with `up` (unless noDeps),
 * readies its networks, volumes and image and waits for dependencies that must be healthy, then
 * creates it with the one-off labels (so `up` never takes it for a replica or an orphan), attaches
 * to it unless detached, and starts it. The caller pipes the streams and asks for the exit code.
 */
export async function run(options: RunOptions): Promise<OneOffRun> {
  const context = await openProject({ ...options, services: [options.service] });
  const { project, backend, onProgress } = context;
  const prepared = prepare(context, options);
  if (options.noDeps !== true && prepared.dependencies.length > 0) {
    await up({ ...options, services: prepared.dependencies, noDeps: false, dryRun: false, backend, onProgress });
  }

  const lookups = resourceLookups(prepared.model, [options.service]);
  const images = new ImageLedger();
  const execute: ExecuteOptions = {
    backend,
    project,
    onProgress,
    images,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  let observed = await observeProject(backend, project.name, lookups);
  let plan = oneOffPlan(prepared, observed, options, images);
  for (const warning of plan.warnings) options.onWarning?.(warning);
  // Images first, then a new plan that sees them: a failed pull of a buildable image builds it next.
  for (let fetches = plan.nodes.filter(isImageNode); fetches.length > 0; fetches = plan.nodes.filter(isImageNode)) {
    await executePlan({ ...plan, nodes: fetches }, execute);
    observed = await observeProject(backend, project.name, lookups);
    plan = oneOffPlan(prepared, observed, options, images);
  }
  await executePlan(plan, execute);

  const slug = oneOffSlug();
  const name = options.name ?? oneOffContainerName(project.name, options.service, slug);
  const attached = options.detach !== true;
  const id = await createOneOffContainer(backend, project, {
    serviceName: options.service,
    service: prepared.service,
    model: prepared.model,
    slug,
    name,
    streams: { attachStdin: attached && prepared.stdinOpen, autoRemove: options.remove === true && !attached },
    useAliases: options.useAliases === true,
    serviceContainers: containersByService(observed.containers),
    ...(options.envFiles !== undefined && options.envFiles.length > 0 ? { environmentFiles: [...project.environment.files] } : {}),
  });
  const handle = oneOffHandle(backend, id, name, prepared.tty, options.remove === true);
  if (!attached) {
    await backend.startContainer(id);
    return { ...handle, streams: undefined };
  }
  const streams = await backend.attachContainer(id, { stdin: prepared.stdinOpen, tty: prepared.tty });
  try {
    await backend.startContainer(id);
  } catch (error) {
    streams.close();
    if (options.remove === true) await backend.removeContainer(id, { force: true, volumes: true }).catch(() => undefined);
    throw error;
  }
  if (prepared.tty && options.size !== undefined) await handle.resize(options.size).catch(() => undefined);
  return { ...handle, streams };
}

/** What `run` would do, changing nothing: to be called with a dry-run backend for the dependencies' up. */
export async function planRun(options: RunOptions): Promise<RunPlan> {
  const context = await openProject({ ...options, services: [options.service] });
  const { project, backend } = context;
  const prepared = prepare(context, options);
  const lines: string[] = [];
  let planned: Record<string, string[]> = {};
  if (options.noDeps !== true && prepared.dependencies.length > 0) {
    const dependencies = await planUp({ ...options, services: prepared.dependencies, noDeps: false, backend });
    if (dependencies.text !== '') lines.push(...dependencies.text.split('\n'));
    planned = dependencies.plan.serviceContainers;
  }
  const observed = await observeProject(backend, project.name, resourceLookups(prepared.model, [options.service]));
  const plan = oneOffPlan(prepared, observed, options, new ImageLedger(), planned);
  for (const line of planText(plan).split('\n')) if (line !== '' && !lines.includes(line)) lines.push(line);
  const name = options.name ?? oneOffContainerName(project.name, options.service, oneOffSlug());
  lines.push(`create container ${name} (one-off)`, `start container ${name}`);
  if (options.remove === true) lines.push(`remove container ${name} (--rm, once it exits)`);
  return { project, name, text: lines.join('\n') };
}

/** The service as the one-off runs it, and what that takes. */
interface PreparedRun {
  service: Service;
  /** The project with that service in place of the file's. */
  model: ComposeProject;
  dependencies: string[];
  tty: boolean;
  stdinOpen: boolean;
}

function prepare(context: ProjectContext, options: RunOptions): PreparedRun {
  const { model } = context.project;
  const original = model.services[options.service];
  if (original === undefined) throw new NoSuchServiceError(options.service, Object.keys(model.services));
  const tty = options.tty === true;
  const stdinOpen = options.interactive !== false;
  const overrides = oneOffOverrides(options, { tty, stdinOpen }, {
    projectDir: context.project.workingDir,
    lookup: (name) => context.project.environment.get(name),
  });
  const service = oneOffService(original, overrides);
  const dependencies = serviceScope(model, { services: [options.service] }).services.filter((name) => name !== options.service);
  return { service, model: { ...model, services: { ...model.services, [options.service]: service } }, dependencies, tty, stdinOpen };
}

function oneOffPlan(
  prepared: PreparedRun,
  observed: ObservedProject,
  options: RunOptions,
  images: ImageLedger,
  plannedContainers?: Record<string, string[]>,
): Plan {
  return planOneOff({
    model: prepared.model,
    observed,
    serviceName: options.service,
    service: prepared.service,
    images,
    waitForDependencies: options.noDeps !== true,
    ...(options.pull === undefined ? {} : { pull: options.pull }),
    ...(options.build === undefined ? {} : { build: options.build }),
    ...(plannedContainers === undefined ? {} : { plannedContainers }),
  });
}

function oneOffHandle(backend: Backend, id: string, name: string, tty: boolean, remove: boolean): Omit<OneOffRun, 'streams'> {
  return {
    name,
    id,
    tty,
    resize: (size) => backend.resizeContainer(id, size),
    kill: (signal) => backend.killContainer(id, signal),
    async exitCode() {
      const code = await backend.waitContainer(id);
      if (remove) await backend.removeContainer(id, { force: true, volumes: true });
      return code;
    },
    remove: () => backend.removeContainer(id, { force: true, volumes: true }),
  };
}
