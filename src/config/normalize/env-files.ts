import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { configErrorAt } from '../config-error.js';
import { parseDotEnv } from '../dotenv.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { positionOf, setPosition, type SourcePosition } from '../source-map.js';
import type { ServiceUnderNormalization } from './context.js';

/** Variable names and values read from files; undefined marks a name left unset. */
type Values = Map<string, string>;

/** What a list of env or label files set, and the line of the file that set each name. */
interface FileValues {
  values: Values;
  origins: Map<string, SourcePosition>;
}

/**
 * Resolves a service's environment as docker compose does before printing it: `env_file` contents
 * first (later files win), then the service's own `environment` over them, even where that is a
 * bare name left unset. Bare names are looked up in the project environment. `env_file` itself is
 * dropped: its content now lives in `environment`.
 */
export async function resolveEnvironment(unit: ServiceUnderNormalization): Promise<void> {
  const { service, ctx } = unit;
  const fromFiles = await readFileList(unit, 'env_file');
  const own = service.environment;
  const environment: JsonObject = {};
  copyFileValues(fromFiles, environment);
  if (isJsonObject(own)) {
    for (const [name, value] of Object.entries(own)) {
      environment[name] = value === null ? (ctx.environment.get(name) ?? null) : value;
      const position = positionOf(own, name);
      if (position) setPosition(environment, name, position);
    }
  }
  delete service.env_file;
  if (Object.keys(environment).length > 0) service.environment = environment;
  else delete service.environment;
}

/** `label_file` contents go under `labels`, the service's own labels winning; `label_file` is dropped. */
export async function resolveLabelFiles(unit: ServiceUnderNormalization): Promise<void> {
  const { service } = unit;
  if (service.label_file === undefined) return;
  const fromFiles = await readFileList(unit, 'label_file');
  const own = service.labels;
  const labels: JsonObject = {};
  copyFileValues(fromFiles, labels);
  if (isJsonObject(own)) {
    for (const [name, value] of Object.entries(own)) {
      labels[name] = value;
      const position = positionOf(own, name);
      if (position) setPosition(labels, name, position);
    }
  }
  delete service.label_file;
  if (Object.keys(labels).length > 0) service.labels = labels;
}

interface FileEntry {
  file: string;
  required: boolean;
  format: string | undefined;
  index: number;
}

// Each value keeps the line of the file that set it, so `berth explain` can name it.
function copyFileValues(from: FileValues, to: JsonObject): void {
  for (const [name, value] of from.values) {
    to[name] = value;
    setPosition(to, name, from.origins.get(name));
  }
}

async function readFileList(unit: ServiceUnderNormalization, key: 'env_file' | 'label_file'): Promise<FileValues> {
  const values: Values = new Map();
  const origins = new Map<string, SourcePosition>();
  const lookup = (name: string): string | undefined => unit.ctx.environment.get(name) ?? values.get(name);
  for (const entry of fileEntries(unit.service[key], unit.ctx.projectDir)) {
    const text = await readListedFile(unit, key, entry);
    if (text === undefined) continue;
    if (entry.format !== undefined && entry.format !== 'raw') {
      throw configErrorAt(unit.root, [...unit.path, key, entry.index, 'format'], `unsupported ${key} format "${entry.format}"`, {
        hint: 'leave format out for the usual .env rules, or set it to "raw"',
      });
    }
    const entries = entry.format === 'raw' ? parseRawEnv(text) : parseDotEnv(text, entry.file, (name) => unit.ctx.environment.get(name), (name) => values.get(name));
    for (const { key: name, value, line } of entries) {
      const resolved = value ?? lookup(name);
      if (resolved === undefined) {
        values.delete(name);
        origins.delete(name);
      } else {
        values.set(name, resolved);
        origins.set(name, { file: entry.file, line, column: 1 });
      }
    }
  }
  return { values, origins };
}

function fileEntries(list: Json | undefined, projectDir: string): FileEntry[] {
  const items = typeof list === 'string' ? [list] : Array.isArray(list) ? list : [];
  const entries: FileEntry[] = [];
  items.forEach((item, index) => {
    const raw = typeof item === 'string' ? { path: item } : isJsonObject(item) ? item : undefined;
    if (!raw || typeof raw.path !== 'string') return;
    entries.push({
      // Read relative to the project when path resolution was turned off.
      file: path.resolve(projectDir, raw.path),
      required: raw.required !== false,
      format: typeof raw.format === 'string' ? raw.format : undefined,
      index,
    });
  });
  return entries;
}

async function readListedFile(
  unit: ServiceUnderNormalization,
  key: string,
  entry: FileEntry,
): Promise<string | undefined> {
  try {
    return await readFile(entry.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !entry.required) return undefined;
    const reason =
      code === 'ENOENT'
        ? `${key} ${entry.file} not found`
        : code === 'EISDIR'
          ? `${key} ${entry.file} is a directory`
          : `cannot read ${key} ${entry.file} (${code ?? 'unknown error'})`;
    throw configErrorAt(unit.root, [...unit.path, key, entry.index], reason, {
      cause: error,
      hint: code === 'ENOENT' && key === 'env_file' ? 'create it, or mark the entry `required: false`' : undefined,
    });
  }
}

/**
 * The `raw` env_file format: `KEY=VALUE` per line, the value taken exactly as written (quotes and `$`
 * included). Blank lines and `#` comments are skipped; a bare `KEY` is looked up like in .env files.
 */
export function parseRawEnv(text: string): { key: string; value: string | undefined; line: number }[] {
  const entries: { key: string; value: string | undefined; line: number }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '' || line.trimStart().startsWith('#')) return;
      const at = line.indexOf('=');
      if (at === -1) entries.push({ key: line.trim(), value: undefined, line: index + 1 });
      else entries.push({ key: line.slice(0, at).trim(), value: line.slice(at + 1), line: index + 1 });
    });
  return entries;
}
