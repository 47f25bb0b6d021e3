// berth as a library: load a compose project into a typed model, the way `berth config` sees it.

/** Loads and normalizes a compose project; the options mirror the CLI's global flags. */
export { loadProject } from './api/load-project.js';
/** The options of loadProject and what it returns. */
export type { LoadOptions, LoadedProject } from './api/load-project.js';
/** The types of the normalized project model. */
export * from './model/index.js';
/** The base of every error berth throws on purpose (message plus an optional hint). */
export { BerthError } from './errors.js';
/** A fault in the compose files or the environment, located at its file, line, column and key path. */
export { ConfigError } from './config/config-error.js';

/** `explain`: where each value and variable came from, and which services are active and why. */
export { explain } from './api/explain.js';
export type {
  ExplainOptions,
  Explanation,
  ServiceActivation,
  ProfileSource,
  VariableExplanation,
  EnvFileOnlyWarning,
  ValueOrigin,
  ValueProvenance,
  TracedReference,
  VariableSource,
} from './api/explain.js';

/** `up`: brings the project to what its files describe and returns the running stack. */
export { up, planUp } from './api/up.js';
export type { UpOptions, UpPlan } from './api/up.js';
/** `down`: stops and removes the project's containers and networks (and volumes when asked). */
export { down, planDown } from './api/down.js';
export type { DownOptions, DownResult, DownPlan } from './api/down.js';
/** A plan as data for tools (`berth plan --format json`), and as the text --dry-run prints. */
export { planJson } from './plan/plan-json.js';
export type { PlanJson, PlanActionJson } from './plan/plan-json.js';
export { planText } from './plan/plan-text.js';
export type { PlanTextOptions } from './plan/plan-text.js';
export type { Plan, PlanNode, PlanAction, MeasuredVolume } from './plan/plan.js';
/** A running project as `up` returns it: ports, exec, down, and `await using` support. */
export { Stack } from './api/stack.js';
/** What Stack.endpoints() returns: every published port of the service containers, by service and replica. */
export { ENDPOINTS_VERSION } from './api/endpoints.js';
export type { Endpoints, ContainerEndpoints, PortEndpoint } from './api/endpoints.js';
/** The containers that failed when up did, with their last output (what CI mode prints). */
export { failedContainers, FAILURE_LOG_LINES } from './api/failed-containers.js';
export type { FailedContainer, FailedContainersOptions } from './api/failed-containers.js';
/** A wait that failed (`wait`, a depends_on condition): the container, what went wrong, its last probes and output. */
export { ReadinessError, DependencyFailedError, WaitFailedError } from './plan/plan-errors.js';
export type { ReadinessReport } from './plan/readiness-report.js';
/** What the verbs that talk to the engine take besides the loader's options. */
export type { ProjectOptions } from './api/project-context.js';
/** Faults the engine reports or that stop berth from reaching it. */
export {
  BuildFailedError,
  EngineError,
  EngineUnreachableError,
  ImageNotFoundError,
  NameConflictError,
  PortInUseError,
  RegistryError,
} from './engine/engine-errors.js';
export { UnsupportedBuildError } from './engine/spec/build-spec.js';
/** The engine interface, for callers that bring their own (tests, other engines). */
export type { Backend } from './engine/backend.js';

// ---- The verbs beside up and down: ps, logs, port, start, stop, restart, rm, create, pull. ----

/** `ps`: the project's containers with their state, ports and health, as data. */
export { ps } from './api/ps.js';
export type { PsOptions, ContainerStatus, PortPublisher } from './api/ps.js';
/** The container states `ps` can filter on. */
export { CONTAINER_STATES } from './api/container-states.js';
export type { ContainerState } from './api/container-states.js';
/** `logs`: the containers' output as a stream of lines, stdout and stderr apart. */
export { logs } from './api/logs.js';
export type { LogsOptions, LogStream, LogSource, LogLine } from './api/logs.js';
/** `port`: where a service's container port is published on the host. */
export { port } from './api/port.js';
export type { PortOptions, PortBinding } from './api/port.js';
/** `start`, `stop`, `restart`, `rm`: the lifecycle of existing containers. */
export { start } from './api/start.js';
export type { StartOptions, StartResult } from './api/start.js';
export { stop } from './api/stop.js';
export type { StopOptions, StopResult } from './api/stop.js';
export { restart } from './api/restart.js';
export type { RestartOptions, RestartResult } from './api/restart.js';
export { rm } from './api/rm.js';
export type { RemoveOptions, RemoveResult } from './api/rm.js';
/** `create`: up without starting anything. */
export { create } from './api/create.js';
export type { CreateOptions } from './api/create.js';
/** `pull`: the services' images, each once. */
export { pull } from './api/pull.js';
export type { PullOptions, PullResult, PullFailure } from './api/pull.js';
/** A backend for dry runs: reads the real engine, changes nothing. */
export { build } from './api/build.js';
export type { BuildOptions, BuildResult } from './api/build.js';
export { push } from './api/push.js';
export type { PushOptions, PushResult, PushFailure } from './api/push.js';
/** `images`: the images of the project's containers. */
export { images } from './api/images.js';
export type { ImagesOptions, ContainerImage } from './api/images.js';
/** `ls`: every compose project on the engine, berth's and docker compose's. */
export { ls } from './api/ls.js';
export type { LsOptions, ProjectSummary } from './api/ls.js';
/** `stats`: the containers' resource use, one sample or one per second. */
export { stats, watchStats } from './api/stats.js';
export type { StatsOptions, ContainerStats } from './api/stats.js';
/** `events`: the project's container events as they happen. */
export { events } from './api/events.js';
export type { EventsOptions, ContainerEvent } from './api/events.js';
/** `kill`, `pause`, `unpause`: signal, suspend and resume the running containers. */
export { kill } from './api/kill.js';
export type { KillOptions, KillResult } from './api/kill.js';
export { pause } from './api/pause.js';
export type { PauseOptions, PauseResult } from './api/pause.js';
export { unpause } from './api/unpause.js';
export type { UnpauseOptions, UnpauseResult } from './api/unpause.js';
/** `top`: the processes running in the containers. */
export { top } from './api/top.js';
export type { TopOptions, ContainerTop } from './api/top.js';
/** `wait`: block until containers stop, and their exit codes. */
export { wait } from './api/wait.js';
export type { WaitOptions, WaitResult, ContainerExit } from './api/wait.js';
/** `scale`: up for the named services with their numbers of replicas. */
export { scale, planScale } from './api/scale.js';
export type { ScaleOptions } from './api/scale.js';
/** `export`: a container's file system as a tar archive; `commit`: an image of it. */
export { exportContainer } from './api/export.js';
export type { ExportOptions, ExportResult } from './api/export.js';
export { commit } from './api/commit.js';
export type { CommitOptions, CommitResult } from './api/commit.js';
/** `exec`: a command in a running container, its streams attached; `run`: a one-off container of a service. */
export { exec } from './api/exec.js';
export type { ExecOptions, ExecRun } from './api/exec.js';
export { run, planRun } from './api/run.js';
export type { RunOptions, OneOffRun, RunPlan } from './api/run.js';
/** `cp`: files between a service container and the host; `attach`: a container's main process. */
export { cp } from './api/cp.js';
export type { CopyOptions, CopyResult } from './api/cp.js';
export { attach } from './api/attach.js';
export type { AttachOptions, AttachedContainer } from './api/attach.js';

/** `watch`: apply the services' develop.watch rules as files change (sync, restart, exec, rebuild). */
export { watch } from './api/watch.js';
export type { WatchOptions, Watching, WatchReport, WatchReportKind, ReportSink, WatchedRoot, WatchMode } from './api/watch.js';
export { DryRunBackend } from './api/dry-run-backend.js';
/** What every verb reports while it works, and the sink it reports to. */
export type { ProgressEvent, ProgressSink } from './plan/progress.js';
