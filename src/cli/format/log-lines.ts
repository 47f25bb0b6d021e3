import type { LogLine, LogSource } from '../../api/logs.js';
import { paint } from './colors.js';

/** How log lines are shown. */
export interface LogLineFormat {
  /** Colour each container's prefix (`--no-color` turns it off). */
  color: boolean;
  /** Prefix each line with its container (`--no-log-prefix` turns it off). */
  prefix: boolean;
}

/**
 * The text of each log line as docker compose prints it: `web-1  | hello`, the container's label
 * padded to one more than the longest label, so that the bars line up across every container of the
 * stream, each container in a colour of its own.
 */
export function logLineFormatter(sources: readonly LogSource[], format: LogLineFormat): (line: LogLine) => string {
  if (!format.prefix) return (line) => `${line.text}\n`;
  const width = Math.max(0, ...sources.map((source) => source.label.length)) + 1;
  const prefixes = new Map<string, string>();
  sources.forEach((source, index) => {
    const bare = `${source.label.padEnd(width)} |`;
    prefixes.set(source.name, format.color ? paint(bare, index) : bare);
  });
  return (line) => `${prefixes.get(line.source.name) ?? `${line.source.label.padEnd(width)} |`} ${line.text}\n`;
}
