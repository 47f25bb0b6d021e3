import { EngineError } from '../engine-errors.js';

/**
 * The values of a newline-delimited JSON stream (events, pull progress), each as soon as its line
 * is complete. Blank lines are skipped; a line that is not JSON is the engine breaking protocol.
 */
export async function* readJsonLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<unknown> {
  let pending = '';
  // One decoder for the whole stream, so a character split across chunks stays whole.
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() !== '') yield parseLine(line);
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending.trim() !== '') yield parseLine(pending);
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    const shown = line.length > 80 ? `${line.slice(0, 80)}...` : line;
    throw new EngineError('engine-protocol', `the engine sent a line that is not JSON: ${shown.trim()}`);
  }
}
