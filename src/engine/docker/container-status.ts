/** The parts of an inspected container's `State` the status line is made from. */
export interface ContainerStateFacts {
  Status?: string;
  Running?: boolean;
  Paused?: boolean;
  Restarting?: boolean;
  Dead?: boolean;
  ExitCode?: number;
  StartedAt?: string;
  FinishedAt?: string;
  Health?: { Status?: string } | null;
}

/**
 * The human status line (`Up 3 minutes (healthy)`, `Exited (0) 2 hours ago`) for an inspected
 * container. The engine puts one in list results only, so inspect results get one worded the same
 * way from the state's facts.
 */
export function describeContainerState(state: ContainerStateFacts, now: Date): string {
  const startedAt = parseEngineTime(state.StartedAt);
  const finishedAt = parseEngineTime(state.FinishedAt);
  const exitCode = state.ExitCode ?? 0;

  if (state.Running === true) {
    if (state.Paused === true) return `Up ${since(startedAt, now)} (Paused)`;
    if (state.Restarting === true) return `Restarting (${exitCode}) ${since(finishedAt, now)} ago`;
    return `Up ${since(startedAt, now)}${healthSuffix(state.Health?.Status)}`;
  }
  if (state.Status === 'removing') return 'Removal In Progress';
  if (state.Dead === true || state.Status === 'dead') return 'Dead';
  if (startedAt === undefined) return 'Created';
  if (finishedAt === undefined) return '';
  return `Exited (${exitCode}) ${since(finishedAt, now)} ago`;
}

/** How long ago, in the engine's words: `Less than a second`, `About a minute`, `3 hours`, `2 weeks`. */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

function since(time: Date | undefined, now: Date): string {
  return humanDuration(time === undefined ? 0 : Math.max(0, now.getTime() - time.getTime()));
}

function healthSuffix(health: string | undefined): string {
  if (health === 'starting') return ' (health: starting)';
  if (health === 'healthy' || health === 'unhealthy') return ` (${health})`;
  return '';
}

/** The engine writes Go's zero time (`0001-01-01T00:00:00Z`) for "never". */
function parseEngineTime(text: string | undefined): Date | undefined {
  if (text === undefined || text === '' || text.startsWith('0001-01-01')) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}
