import path from 'node:path';
import { ConfigError, configErrorAt } from './config-error.js';
import type { Environment } from './environment.js';
import { InterpolationError, interpolateString } from './interpolate.js';
import type { ParsedDocument } from './parse.js';

/** Where the name may come from, in order of precedence. */
export interface ProjectNameSources {
  /** `-p`. */
  explicit?: string;
  /** Holds `COMPOSE_PROJECT_NAME` (from the OS or a `.env` file). */
  environment: Environment;
  /** Every document of every file, in load order: the last non-empty `name:` counts. */
  documents: readonly ParsedDocument[];
  /** Its base name is the fallback. */
  projectDir: string;
  /** False under `--no-interpolate`: `name:` is then taken as written. */
  interpolate: boolean;
}

const VALID_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const INVALID_REASON = "must consist only of lower-case letters, digits, '-' and '_' and start with a letter or digit";

/** True when `name` can be used as it is: lower-case letters, digits, `-`, `_`, starting with a letter or digit. */
export function isValidProjectName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** Turns any text (a directory name) into a project name: lower case, `[a-z0-9_-]` only, no leading `_`/`-`. */
export function normalizeProjectName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '')
    .replace(/^[_-]+/, '');
}

/**
 * The project name: `-p` > `COMPOSE_PROJECT_NAME` > the last non-empty top-level `name:` >
 * the base name of the project directory. `-p` and `COMPOSE_PROJECT_NAME` must already be valid;
 * `name:` and the directory name are normalized.
 */
export function resolveProjectName(sources: ProjectNameSources): string {
  if (sources.explicit !== undefined && sources.explicit !== '') {
    return checked(sources.explicit, () => new ConfigError(invalidReason(sources.explicit ?? ''), {}, {
      hint: 'pass a valid name to -p (--project-name)',
    }));
  }

  const fromEnvironment = sources.environment.get('COMPOSE_PROJECT_NAME');
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    const origin = sources.environment.origins.get('COMPOSE_PROJECT_NAME');
    return checked(fromEnvironment, () => {
      const where = origin?.kind === 'env-file' ? (origin.file ?? 'an env file') : 'the environment';
      return new ConfigError(invalidReason(fromEnvironment), { file: origin?.file, line: origin?.line }, {
        hint: `fix COMPOSE_PROJECT_NAME in ${where}`,
      });
    });
  }

  const fromFile = nameFromDocuments(sources);
  if (fromFile !== undefined) {
    // As docker compose does: a `name:` in a file is normalized, only -p and COMPOSE_PROJECT_NAME must be exact.
    const name = normalizeProjectName(fromFile.name);
    if (name === '') {
      throw configErrorAt(fromFile.document.data, ['name'], invalidReason(fromFile.name), {
        fallbackFile: fromFile.document.file,
        hint: 'use a name with at least one letter or digit',
      });
    }
    return name;
  }

  const fromDirectory = normalizeProjectName(path.basename(sources.projectDir));
  if (fromDirectory === '') {
    throw new ConfigError('project name must not be empty', {}, {
      hint: `the directory name "${path.basename(sources.projectDir)}" gives none: set one with -p or a top-level name:`,
    });
  }
  return fromDirectory;
}

function checked(name: string, invalid: () => ConfigError): string {
  if (!isValidProjectName(name)) throw invalid();
  return name;
}

function invalidReason(name: string): string {
  return `invalid project name ${JSON.stringify(name)}: ${INVALID_REASON}`;
}

/** The last top-level `name:` that is non-empty once interpolated, with the document it is in. */
function nameFromDocuments(
  sources: ProjectNameSources,
): { name: string; document: ParsedDocument } | undefined {
  let found: { name: string; document: ParsedDocument } | undefined;
  for (const document of sources.documents) {
    const raw = document.data.name;
    // Anything else than a scalar is left for the schema check to report.
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const written = String(raw);
    if (written === '') continue;
    const name = sources.interpolate ? interpolatedName(written, document, sources.environment) : written;
    if (name !== '') found = { name, document };
  }
  return found;
}

function interpolatedName(text: string, document: ParsedDocument, environment: Environment): string {
  try {
    return interpolateString(text, (variable) => environment.get(variable)).value;
  } catch (error) {
    if (error instanceof InterpolationError) {
      throw configErrorAt(document.data, ['name'], error.reason, { fallbackFile: document.file, cause: error });
    }
    throw error;
  }
}
