import type { BuildProgress } from '../backend.js';
import { BuildFailedError } from '../engine-errors.js';
import { oneLine } from './engine-error-mapping.js';

/** One message of the classic builder's JSON-line output. */
interface RawBuildMessage {
  stream?: string;
  status?: string;
  aux?: { ID?: string } | null;
  error?: string;
  errorDetail?: { message?: string; code?: number } | null;
}

/** `Step 3/5 : RUN make`: the builder announces each instruction so. */
const STEP_LINE = /^Step \d+\/\d+ : /;

/**
 * Reads a build's output: reports each line, remembers the step being run, and returns the id of
 * the image made. An `error` message (the engine answers 200 as soon as the build starts, so a
 * failing step arrives as a message) becomes a BuildFailedError naming the step.
 */
export async function buildOutput(
  messages: AsyncIterable<unknown>,
  subject: string,
  onProgress: ((progress: BuildProgress) => void) | undefined,
): Promise<string> {
  let step: string | undefined;
  let imageId: string | undefined;
  let pending = '';
  const emit = (line: string): void => {
    if (STEP_LINE.test(line)) step = line;
    onProgress?.({ line });
  };
  for await (const message of messages) {
    const raw = message as RawBuildMessage;
    const error = raw.errorDetail?.message ?? raw.error;
    if (error !== undefined && error !== '') {
      if (pending !== '') emit(pending);
      throw new BuildFailedError(subject, step, oneLine(error));
    }
    if (raw.aux?.ID !== undefined) imageId = raw.aux.ID;
    // `stream` text comes in pieces that need not end at a line's end.
    const text = raw.stream ?? (raw.status === undefined ? '' : `${raw.status}\n`);
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') emit(line.replace(/\r$/, ''));
  }
  if (pending.trim() !== '') emit(pending);
  // Engines before the aux message ended with `Successfully built <id>`.
  if (imageId === undefined) {
    throw new BuildFailedError(subject, step, 'the engine did not report the id of the image it built');
  }
  return imageId;
}
