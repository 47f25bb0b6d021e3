// What a watch session tells its caller: one report per thing it did, each with the line to show
// (`api: synced 3 files in 41 ms`). Nothing is reported for an event that changed nothing.

export type WatchReportKind =
  /** The session is watching (once, at the start, and again when the watched paths change). */
  | 'watching'
  | 'synced'
  | 'restarted'
  | 'executed'
  | 'rebuilt'
  /** A compose or environment file changed and the project was reconciled. */
  | 'reloaded'
  | 'initial-sync'
  /** Something failed; it will be tried again where that makes sense (the text says). */
  | 'failed'
  | 'warning';

export interface WatchReport {
  kind: WatchReportKind;
  /** The services it is about; empty for the project as a whole. */
  services: string[];
  /** One line, ready to print. */
  text: string;
  durationMs?: number;
  /** Files copied, and paths removed, in each container. */
  files?: number;
  deleted?: number;
  /** Containers made anew (a rebuild, a compose-file edit): a log follower follows their replacements. */
  recreated?: string[];
  /** Containers stopped and started again. */
  restarted?: string[];
  error?: unknown;
}

export type ReportSink = (report: WatchReport) => void;

/** `41 ms`, `8.2 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `1 file`, `3 files`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What a sync did, as the start of a report line: `synced 2 files, deleted 1`. */
export function syncSummary(files: number, deleted: number): string {
  const parts: string[] = [];
  if (files > 0) parts.push(`synced ${count(files, 'file')}`);
  if (deleted > 0) parts.push(files > 0 ? `deleted ${deleted}` : `deleted ${count(deleted, 'file')}`);
  return parts.join(', ');
}

/** The message of an error, on one line. */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
