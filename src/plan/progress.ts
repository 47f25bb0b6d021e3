/**
 * What the library tells its caller while it works. The CLI renders these (listr2 on a terminal,
 * plain lines without one, JSON lines with `--progress json`); a library user may ignore them.
 * The wording follows docker compose's (`Container demo-web-1  Started`).
 */
export interface ProgressEvent {
  /** The kind of resource, as docker compose names it in its progress lines. */
  resource: 'Container' | 'Network' | 'Volume' | 'Image' | 'Service';
  /** The engine name (`demo-web-1`, `demo_default`) or image reference. */
  name: string;
  /** `working` while an action runs, then `done`, `error` or `warning`. */
  status: 'working' | 'done' | 'error' | 'warning';
  /** `Creating`, `Created`, `Starting`, `Started`, `Waiting`, `Healthy`, `Pulling`, `Pulled`, `Stopping`, ... */
  text: string;
  /** More about it: a recreate's reason, pull progress, an error message. */
  detail?: string;
}

/** Where progress goes; the default drops it. */
export type ProgressSink = (event: ProgressEvent) => void;

export const ignoreProgress: ProgressSink = () => undefined;
