import { parseEvents, YAMLException, type Event } from 'js-yaml';
import { ConfigError } from './config-error.js';
import type { JsonObject } from './json.js';
import { Composer } from './yaml/composer.js';
import { LineIndex } from './yaml/line-index.js';

/** One YAML document of a compose file: its data, with positions attached (see source-map.ts). */
export interface ParsedDocument {
  file: string;
  data: JsonObject;
}

/**
 * Parses compose YAML. Several documents in one file come back in order (each acts as an override of
 * the one before); empty ones are skipped. Anchors and aliases are expanded into independent copies,
 * merge keys (`<<`) applied, `!reset`/`!override` recorded, and duplicate keys rejected naming both
 * lines. The parser only tokenizes into events; building the data is ours (yaml/composer.ts), so
 * positions are taken straight from the events' offsets.
 */
export function parseCompose(text: string, file: string): ParsedDocument[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let events: Event[];
  try {
    events = parseEvents(source, { filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    // The mark is 0-based; our positions are 1-based like an editor's.
    const mark = error.mark;
    const reason = error.reason.split('\n')[0] ?? error.reason;
    throw new ConfigError(
      `invalid YAML: ${reason}`,
      { file, line: mark ? mark.line + 1 : undefined, column: mark ? mark.column + 1 : undefined },
      { cause: error },
    );
  }
  const documents = new Composer(source, events, new LineIndex(source, file)).documents();
  const result: ParsedDocument[] = [];
  for (const data of documents) result.push({ file, data });
  return result;
}
