import { describe, expect, it } from 'vitest';
import { readJsonLines } from '../../../../src/engine/docker/json-lines.js';
import { EngineError } from '../../../../src/engine/engine-errors.js';
import { all } from '../../../support/iterate.js';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const part of parts) yield part;
}

describe('readJsonLines', () => {
  it('yields one value per line, across chunk boundaries', async () => {
    const values = await all(readJsonLines(chunks('{"status":"Pulling', ' fs layer"}\n{"a":', '1}\n\n', '{"b":2}\n')));
    expect(values).toEqual([{ status: 'Pulling fs layer' }, { a: 1 }, { b: 2 }]);
  });

  it('reads a last line with no newline', async () => {
    expect(await all(readJsonLines(chunks('{"a":1}\n{"b":2}')))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('keeps a character split between chunks whole', async () => {
    const bytes = Buffer.from('{"name":"café"}\n', 'utf8');
    const split = bytes.indexOf(0xc3) + 1;
    expect(await all(readJsonLines(chunks(bytes.subarray(0, split), bytes.subarray(split))))).toEqual([{ name: 'café' }]);
  });

  it('reports a line that is not JSON', async () => {
    const error = await all(readJsonLines(chunks('{"a":1}\nnot json\n'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toBe('the engine sent a line that is not JSON: not json');
  });
});
