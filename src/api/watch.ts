import type { LoadedProject } from '../config/load.js';
import { BerthError } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import { ignoreProgress } from '../plan/progress.js';
import { serviceScope } from '../plan/service-scope.js';
import { loadTriggerRules } from '../watch/trigger-rules.js';
import type { ReconcileRequest } from '../watch/rebuild.js';
import type { ReportSink } from '../watch/watch-report.js';
import { WatchSession } from '../watch/watch-session.js';
import { defaultBackend, openProject } from './project-context.js';
import { up, type UpOptions } from './up.js';

export type { WatchReport, WatchReportKind, ReportSink } from '../watch/watch-report.js';
export type { WatchedRoot, WatchMode } from '../watch/file-watcher.js';

/** `watch [SERVICE...]` (and `up --watch`): up's options, plus the watch's own. */
export interface WatchOptions extends UpOptions {
  /** Do not bring the project up first (`--no-up`): watch what runs. */
  noUp?: boolean;
  /** After a rebuild, remove the images it left without a name (`--prune`). */
  prune?: boolean;
  /** true: poll for changes; false: native events only; absent: native events, polling where they do not arrive. */
  poll?: boolean;
  /** Each thing the watch does, as one report (`api: synced 3 files in 41 ms`). */
  onReport?: ReportSink;
}

/** A running watch. `await using` ends it when the scope ends. */
export interface Watching extends AsyncDisposable {
  readonly project: LoadedProject;
  /** Resolves when the watch has ended: its signal aborted, or close(). */
  readonly done: Promise<void>;
  /** Resolves once no change waits and no action runs. */
  settled(): Promise<void>;
  /** Stops watching; an action in progress finishes first. The containers go on running. */
  close(): Promise<void>;
}

/**
 * Brings the project up (unless noUp), then applies each service's `develop.watch` rules as files
 * change: sync (files copied into every replica, deletions removed), restart, sync+restart,
 * sync+exec, rebuild (each shared build once, only the services whose image changed recreated,
 * then their `restart: true` dependents). Edits to the compose files or their `.env` reconcile the
 * project as a new `up` would. Resolves once the files are watched; `done` resolves when it ends.
 */
export async function watch(options: WatchOptions): Promise<Watching> {
  if (options.dryRun === true) throw new BerthError('watch-dry-run', 'watch has no dry run: it acts on every change as it happens');
  const env = options.env ?? process.env;
  const backend = options.backend ?? (await defaultBackend(env));
  const base: WatchOptions = { ...options, backend };
  const project = options.noUp === true ? (await openProject(base)).project : (await up(base)).project;

  const named = serviceScope(project.model, { services: options.services ?? [], noDeps: true }).named;
  const rules = await loadTriggerRules(project.model, named);
  if (rules.triggers.length === 0) {
    throw new BerthError('watch-nothing', `none of the services ${options.services === undefined || options.services.length === 0 ? 'of the project' : 'named'} has a develop.watch section`, {
      hint: 'add develop: watch: rules to a service (see the Compose Specification, develop.md)',
    });
  }
  for (const service of named) {
    if (options.services !== undefined && options.services.length > 0 && !rules.services.includes(service)) {
      options.onWarning?.(`service "${service}" has no develop.watch rules: it is not watched`);
    }
  }

  // The one-shot choices of the first up are not repeated when the session reconciles again.
  const again: UpOptions = { ...base, onProgress: options.onProgress ?? ignoreProgress };
  delete again.forceRecreate;
  delete again.renewAnonVolumes;
  delete again.wait;
  if (again.build === 'always') delete again.build;
  const reconcile = async (request: ReconcileRequest): Promise<{ project: LoadedProject; plan: Plan }> => {
    const stack = await up({
      ...again,
      ...(request.services === undefined ? {} : { services: request.services }),
      ...(request.noDeps === true ? { noDeps: true } : {}),
      ...(request.imagesBuilt === true ? { build: 'never' as const, pull: 'never' as const } : {}),
    });
    return { project: stack.project, plan: stack.plan };
  };

  const session = await WatchSession.start({
    project,
    backend,
    services: named,
    rules,
    reconcile,
    onReport: options.onReport ?? (() => undefined),
    onProgress: options.onProgress ?? ignoreProgress,
    ...(options.prune === undefined ? {} : { prune: options.prune }),
    ...(options.poll === undefined ? {} : { poll: options.poll }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return {
    project,
    done: session.done,
    settled: () => session.settled(),
    close: () => session.close(),
    [Symbol.asyncDispose]: () => session.close(),
  };
}
