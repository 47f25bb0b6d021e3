import { BerthError } from '../errors.js';
import { formatPath, type Json, type PathSegment } from './json.js';
import { locate, type SourcePosition } from './source-map.js';

/** Where a configuration fault is: as much of file, line, column and key path as is known. */
export interface ConfigLocation {
  file?: string;
  line?: number;
  column?: number;
  path?: readonly PathSegment[];
}

/**
 * A fault in the user's compose files or environment. The message reads
 * `compose.yaml:12:7: services.web.ports[0]: invalid port "99999"`, so an editor can jump to it.
 */
export class ConfigError extends BerthError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly path: readonly PathSegment[];
  /** The description without the location prefix. */
  readonly reason: string;

  constructor(
    reason: string,
    location: ConfigLocation = {},
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super('config', ConfigError.format(reason, location), options);
    this.reason = reason;
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.path = location.path ?? [];
  }

  private static format(reason: string, location: ConfigLocation): string {
    let where = location.file ?? '';
    if (where !== '' && location.line !== undefined) {
      where += `:${location.line}`;
      if (location.column !== undefined) where += `:${location.column}`;
    }
    const path = location.path && location.path.length > 0 ? `${formatPath(location.path)}: ` : '';
    return where === '' ? `${path}${reason}` : `${where}: ${path}${reason}`;
  }
}

/** A ConfigError pointing at the value found at `path` under `root` (or its nearest known ancestor). */
export function configErrorAt(
  root: Json,
  path: readonly PathSegment[],
  reason: string,
  options: { hint?: string; cause?: unknown; fallbackFile?: string; atKey?: boolean } = {},
): ConfigError {
  const position: SourcePosition | undefined = locate(root, path, options.atKey ?? false);
  return new ConfigError(
    reason,
    {
      file: position?.file ?? options.fallbackFile,
      line: position?.line,
      column: position?.column,
      path,
    },
    { hint: options.hint, cause: options.cause },
  );
}
