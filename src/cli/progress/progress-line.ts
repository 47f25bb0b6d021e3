import type { ProgressEvent } from '../../plan/progress.js';

/** What docker compose puts before each progress line when nothing is really done. */
export const DRY_RUN_PREFIX = 'DRY-RUN MODE - ';

/** The resource part of a progress line: `Container demo-web-1`. */
export function progressLabel(event: Pick<ProgressEvent, 'resource' | 'name'>): string {
  return `${event.resource} ${event.name}`;
}

/** The state part of a progress line: `Started`, or `Error <message>` when there is more to say. */
export function progressState(event: Pick<ProgressEvent, 'text' | 'detail'>): string {
  return event.detail === undefined || event.detail === '' ? event.text : `${event.text} ${event.detail}`;
}

/** A whole line in docker compose's plain wording: `Container demo-web-1  Started`. */
export function progressLine(event: ProgressEvent): string {
  return `${progressLabel(event)}  ${progressState(event)}`;
}
