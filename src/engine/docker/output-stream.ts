import { StringDecoder } from 'node:string_decoder';
import type { LogChunk } from '../backend.js';
import { EngineError } from '../engine-errors.js';

/** One frame of the engine's multiplexed stream: which stream it belongs to, and its bytes. */
export interface OutputFrame {
  stream: LogChunk['stream'];
  payload: Buffer;
}

const HEADER_LENGTH = 8;

/**
 * Splits the engine's multiplexed output (used when a container or exec has no TTY) into frames.
 * Each frame is an 8-byte header (stream type, three zero bytes, big-endian payload length) and
 * its payload; a header or payload may arrive split across chunks.
 */
export async function* demultiplex(source: AsyncIterable<Buffer | string>): AsyncGenerator<OutputFrame> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = pending.length === 0 ? toBuffer(chunk) : Buffer.concat([pending, toBuffer(chunk)]);
    let offset = 0;
    while (pending.length - offset >= HEADER_LENGTH) {
      const length = pending.readUInt32BE(offset + 4);
      if (pending.length - offset - HEADER_LENGTH < length) break;
      const type = pending.readUInt8(offset);
      const start = offset + HEADER_LENGTH;
      yield { stream: streamOfType(type), payload: pending.subarray(start, start + length) };
      offset = start + length;
    }
    pending = offset === 0 ? pending : Buffer.from(pending.subarray(offset));
  }
  if (pending.length > 0) {
    throw new EngineError('engine-protocol', `the engine's output stream ended inside a frame (${pending.length} bytes left over)`);
  }
}

/**
 * A container's or exec's output as text: demultiplexed unless it runs with a TTY (then the engine
 * sends one raw stream, reported as stdout). UTF-8 characters split across frames are kept whole.
 */
export async function* readOutput(source: AsyncIterable<Buffer | string>, tty: boolean): AsyncGenerator<LogChunk> {
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const frames = readFrames(source, tty);
  for await (const frame of frames) {
    const text = decoders[frame.stream].write(frame.payload);
    if (text !== '') yield { stream: frame.stream, text };
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const rest = decoders[stream].end();
    if (rest !== '') yield { stream, text: rest };
  }
}

/** A container's or exec's output as frames of bytes: demultiplexed, or one raw stream with a TTY. */
export function readFrames(source: AsyncIterable<Buffer | string>, tty: boolean): AsyncIterable<OutputFrame> {
  return tty ? rawFrames(source) : demultiplex(source);
}

async function* rawFrames(source: AsyncIterable<Buffer | string>): AsyncGenerator<OutputFrame> {
  for await (const chunk of source) yield { stream: 'stdout', payload: toBuffer(chunk) };
}

/** 0 is stdin (echoed back by attach) and shown with stdout; 3 is the engine's own error output (API 1.42+). */
function streamOfType(type: number): LogChunk['stream'] {
  switch (type) {
    case 0:
    case 1:
      return 'stdout';
    case 2:
    case 3:
      return 'stderr';
    default:
      throw new EngineError('engine-protocol', `the engine's output stream has a frame of unknown type ${type}`);
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
