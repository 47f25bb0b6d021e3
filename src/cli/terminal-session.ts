// The local end of `exec`, `run` and `attach`: berth's own stdin, stdout and stderr joined to a
// process's streams in a container, bytes as they are (the CommandContext writes text), the
// terminal in raw mode while a TTY is shared, and resized with the window.

import type { AttachedStreams, OutputChunk, TerminalSize } from '../engine/backend.js';
import { DetachKeyMatcher } from './detach-keys.js';

/** The process streams a session uses. */
export interface TerminalIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function processIo(): TerminalIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** The size of the terminal berth writes to; undefined when neither stdout nor stderr is one. */
export function terminalSize(io: TerminalIo): TerminalSize | undefined {
  const terminal = io.stdout.isTTY ? io.stdout : io.stderr.isTTY ? io.stderr : undefined;
  if (terminal === undefined || !(terminal.rows > 0) || !(terminal.columns > 0)) return undefined;
  return { rows: terminal.rows, columns: terminal.columns };
}

/** What happens when berth is interrupted (SIGINT, SIGTERM) while the session runs. */
export type InterruptChoice = 'continue' | 'detach';

export interface SessionOptions {
  /** The process has a TTY: its output is one stream, and the local terminal goes raw (Ctrl+C then reaches it as a key). */
  tty: boolean;
  /** Send berth's stdin to the process; its end of file closes the process's stdin. */
  stdin: boolean;
  /** Called with the new size when the window changes (a TTY only). */
  resize?: (size: TerminalSize) => Promise<void>;
  /** berth's interrupt (the CLI's abort signal). */
  signal?: AbortSignal;
  /** What to do on the interrupt: pass it on and keep following (`continue`), or let go. Default: let go. */
  onInterrupt?: () => InterruptChoice;
  /** A key sequence that lets go of the process while it runs on (attach's `--detach-keys`). */
  detachKeys?: readonly number[];
}

/** How a session ended: the output ended (the process exited), berth was interrupted, or the detach keys were typed. */
export type SessionEnd = 'ended' | 'interrupted' | 'detached';

/**
 * Joins the process's streams to berth's until its output ends. The terminal mode is restored and
 * every listener removed however it ends, so berth can exit.
 */
export async function runSession(streams: AttachedStreams, options: SessionOptions, io: TerminalIo = processIo()): Promise<SessionEnd> {
  let end: SessionEnd | undefined;
  const cleanups: (() => void)[] = [];
  const finish = (how: SessionEnd): void => {
    if (end !== undefined) return;
    end = how;
    streams.close();
  };
  streams.input.on('error', () => undefined);

  try {
    if (options.tty && io.stdin.isTTY) {
      const restore = (): void => {
        if (io.stdin.isTTY) io.stdin.setRawMode(false);
      };
      io.stdin.setRawMode(true);
      // Should berth be made to exit some other way, the user's terminal is still given back sane.
      process.once('exit', restore);
      cleanups.push(() => {
        restore();
        process.removeListener('exit', restore);
      });
    }
    if (options.stdin) cleanups.push(forwardInput(io.stdin, streams, options.detachKeys, () => finish('detached')));
    if (options.tty && options.resize !== undefined && io.stdout.isTTY) {
      const resize = options.resize;
      const onResize = (): void => {
        const size = terminalSize(io);
        if (size !== undefined) resize(size).catch(() => undefined);
      };
      io.stdout.on('resize', onResize);
      cleanups.push(() => io.stdout.removeListener('resize', onResize));
    }
    if (options.signal !== undefined) {
      const signal = options.signal;
      const onAbort = (): void => {
        if ((options.onInterrupt?.() ?? 'detach') === 'detach') finish('interrupted');
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
    }
    try {
      await copyOutput(streams.output, io);
    } catch (error) {
      // Closing the connection on purpose may end the output with a reset instead of an end.
      if (end === undefined) throw error;
    }
    return end ?? 'ended';
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
  }
}

/** Sends berth's stdin to the process; returns what undoes it. */
function forwardInput(stdin: NodeJS.ReadStream, streams: AttachedStreams, detachKeys: readonly number[] | undefined, onDetach: () => void): () => void {
  const matcher = detachKeys === undefined ? undefined : new DetachKeyMatcher(detachKeys);
  const onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const { forward, detach } = matcher?.feed(bytes) ?? { forward: bytes, detach: false };
    if (forward.length > 0) streams.input.write(forward);
    if (detach) onDetach();
  };
  const onEnd = (): void => {
    streams.input.end();
  };
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  stdin.on('error', onEnd);
  stdin.resume();
  return () => {
    stdin.removeListener('data', onData);
    stdin.removeListener('end', onEnd);
    stdin.removeListener('error', onEnd);
    // A paused stdin no longer holds the event loop open, so berth exits once the session is over.
    stdin.pause();
    stdin.unref?.();
  };
}

/** The process's output to berth's stdout and stderr, waiting whenever either is full. */
async function copyOutput(output: AsyncIterable<OutputChunk>, io: TerminalIo): Promise<void> {
  for await (const chunk of output) {
    const target = chunk.stream === 'stderr' ? io.stderr : io.stdout;
    if (!target.write(chunk.data)) await new Promise<void>((resolve) => target.once('drain', resolve));
  }
}

/** The signal that interrupted berth, to pass on to a container: main.ts aborts with `interrupted by SIGTERM` and the like. */
export function interruptSignal(signal: AbortSignal | undefined): 'SIGINT' | 'SIGTERM' {
  const reason: unknown = signal?.reason;
  return reason instanceof Error && reason.message.includes('SIGTERM') ? 'SIGTERM' : 'SIGINT';
}

/** The exit code of a command ended by Ctrl+C, as a shell reports a process killed by SIGINT. */
export const INTERRUPTED_EXIT_CODE = 130;
