import type { CommandContext } from '../../../src/cli/global-options.js';

/** A command context that records what a run prints. */
export interface RecordingContext extends CommandContext {
  out: string[];
  err: string[];
}

export function recordingContext(overrides: Partial<CommandContext> = {}): RecordingContext {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd: '/work/project',
    env: {},
    readStdin: () => Promise.resolve('services: {}\n'),
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    out,
    err,
    ...overrides,
  };
}
