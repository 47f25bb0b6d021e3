import { describe, expect, it } from 'vitest';
import { demultiplex, readOutput, type OutputFrame } from '../../../../src/engine/docker/output-stream.js';
import type { LogChunk } from '../../../../src/engine/backend.js';
import { all } from '../../../support/iterate.js';

/** One frame as the engine writes it: type, three zero bytes, big-endian length, payload. */
function frame(type: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

async function* chunks(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield part;
}

function text(frames: OutputFrame[]): { stream: string; text: string }[] {
  return frames.map((f) => ({ stream: f.stream, text: f.payload.toString('utf8') }));
}

describe('demultiplex', () => {
  it('splits frames and keeps their order', async () => {
    // The bytes the engine sent for `echo out; echo err >&2`.
    const stream = Buffer.from([1, 0, 0, 0, 0, 0, 0, 4, ...Buffer.from('out\n'), 2, 0, 0, 0, 0, 0, 0, 4, ...Buffer.from('err\n')]);
    expect(text(await all(demultiplex(chunks(stream))))).toEqual([
      { stream: 'stdout', text: 'out\n' },
      { stream: 'stderr', text: 'err\n' },
    ]);
  });

  it('reassembles headers and payloads split across chunks', async () => {
    const bytes = Buffer.concat([frame(1, 'hello '), frame(2, 'oops\n'), frame(1, 'world\n')]);
    const pieces = [bytes.subarray(0, 3), bytes.subarray(3, 10), bytes.subarray(10, 20), bytes.subarray(20)];
    expect(text(await all(demultiplex(chunks(...pieces))))).toEqual([
      { stream: 'stdout', text: 'hello ' },
      { stream: 'stderr', text: 'oops\n' },
      { stream: 'stdout', text: 'world\n' },
    ]);
  });

  it('passes empty frames through', async () => {
    expect(text(await all(demultiplex(chunks(frame(1, ''), frame(2, 'x')))))).toEqual([
      { stream: 'stdout', text: '' },
      { stream: 'stderr', text: 'x' },
    ]);
  });

  it('rejects a stream that ends inside a frame', async () => {
    await expect(all(demultiplex(chunks(frame(1, 'complete').subarray(0, 10))))).rejects.toThrow('ended inside a frame');
  });

  it('rejects an unknown stream type', async () => {
    await expect(all(demultiplex(chunks(frame(7, 'x'))))).rejects.toThrow('unknown type 7');
  });
});

describe('readOutput', () => {
  it('decodes each stream as UTF-8, keeping characters split across frames whole', async () => {
    const word = Buffer.from('naïve\n', 'utf8');
    const cut = word.indexOf(0xc3) + 1;
    const output: LogChunk[] = await all(readOutput(chunks(frame(1, word.subarray(0, cut)), frame(2, 'e\n'), frame(1, word.subarray(cut))), false));
    expect(output).toEqual([
      { stream: 'stdout', text: 'na' },
      { stream: 'stderr', text: 'e\n' },
      { stream: 'stdout', text: 'ïve\n' },
    ]);
  });

  it('reads a TTY stream as stdout, without frames', async () => {
    const bytes = Buffer.from('\u0001 is not a header here\r\n');
    expect(await all(readOutput(chunks(bytes), true))).toEqual([{ stream: 'stdout', text: '\u0001 is not a header here\r\n' }]);
  });
});
