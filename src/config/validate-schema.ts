import type { ErrorObject } from 'ajv';
import { configErrorAt } from './config-error.js';
import { formatProblems } from './formats.js';
import { validateCompose } from './generated/compose-validator.js';
import { isJsonObject, type Json, type JsonObject, type PathSegment } from './json.js';
import { didYouMean } from './suggest.js';

/**
 * Checks one compose document (already interpolated) against schemas/compose.schema.json, compiled
 * ahead of time. On failure throws one ConfigError for the fault that explains it best, at its line.
 */
export function validateSchema(root: JsonObject, file: string): void {
  if (validateCompose(root)) return;
  const fault = explain(validateCompose.errors ?? [], root);
  throw configErrorAt(root, fault.path, fault.reason, {
    hint: fault.hint,
    fallbackFile: file,
    atKey: fault.atKey ?? false,
  });
}

/** What the message says and where it points. */
interface Fault {
  path: PathSegment[];
  reason: string;
  hint?: string;
  /** Point at the key rather than its value (unknown and missing keys). */
  atKey?: boolean;
}

function explain(errors: readonly ErrorObject[], root: JsonObject): Fault {
  const last = errors[errors.length - 1];
  if (!last) return { path: [], reason: 'does not match the compose file schema' };
  // The validator stops at the first fault: the last error is it, the earlier ones are the failed
  // alternatives that led there.
  return describe(last, errors.slice(0, -1), root);
}

function describe(error: ErrorObject, earlier: readonly ErrorObject[], root: JsonObject): Fault {
  const path = toPath(root, error.instancePath);
  const value = valueAt(root, path);
  switch (error.keyword) {
    case 'anyOf':
    case 'oneOf':
      return describeAlternatives(error, earlier, root);
    case 'type':
      return { path, reason: `must be ${describeTypes(typesOf(error))}` };
    case 'additionalProperties': {
      const key = String(param(error, 'additionalProperty'));
      const known = declaredKeys(error);
      return {
        path: [...path, key],
        reason: `additional property "${key}" is not allowed`,
        hint: didYouMean(key, known) ?? unknownKeyHint(known),
        atKey: true,
      };
    }
    case 'required':
      return { path, reason: `missing required property "${String(param(error, 'missingProperty'))}"`, atKey: true };
    case 'propertyNames': {
      const name = String(param(error, 'propertyName'));
      return { path: [...path, name], reason: invalidName(path, name), atKey: true };
    }
    case 'enum': {
      const allowed = asArray(param(error, 'allowedValues'));
      const words = allowed.filter((item): item is string => typeof item === 'string');
      const hint = typeof value === 'string' ? didYouMean(value, words) : undefined;
      return { path, reason: `must be one of ${joinWords(allowed.map((item) => JSON.stringify(item)), 'or')}`, hint };
    }
    case 'format':
      return describeFormat(path, String(param(error, 'format')), value);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path,
        reason: `must be ${String(param(error, 'comparison'))} ${String(param(error, 'limit'))} (found ${JSON.stringify(value)})`,
      };
    case 'pattern':
      return { path, reason: `"${String(value)}" does not match ${String(param(error, 'pattern'))}` };
    default:
      return { path, reason: `does not match the compose file schema (${error.keyword})` };
  }
}

/**
 * Short and long syntax are alternatives of different types, so the value's own type says which one
 * was meant: report that one's fault rather than every alternative's. When no alternative has the
 * value's type, say which types would do. This relies on each alternative in the schema stating its
 * `type` itself, not through a `$ref`.
 */
function describeAlternatives(error: ErrorObject, earlier: readonly ErrorObject[], root: JsonObject): Fault {
  const prefix = `${error.schemaPath}/`;
  const inside = earlier.filter(
    (item) => item.instancePath === error.instancePath || item.instancePath.startsWith(`${error.instancePath}/`),
  );
  const branchOf = (item: ErrorObject): string | undefined =>
    item.schemaPath.startsWith(prefix) ? item.schemaPath.slice(prefix.length).split('/')[0] : undefined;
  const rejected = new Set<string>();
  const expected: string[] = [];
  for (const item of inside) {
    const branch = branchOf(item);
    if (item.keyword === 'type' && branch !== undefined && item.schemaPath === `${prefix}${branch}/type` &&
      item.instancePath === error.instancePath) {
      rejected.add(branch);
      expected.push(...typesOf(item));
    }
  }
  const remaining = inside.filter((item) => {
    const branch = branchOf(item);
    return branch === undefined || !rejected.has(branch);
  });
  const path = toPath(root, error.instancePath);
  if (remaining.length === 0) {
    return expected.length > 0
      ? { path, reason: `must be ${describeTypes(expected)}` }
      : { path, reason: 'matches none of the allowed forms' };
  }
  // The deepest fault is where the value and the chosen form part ways; the latest wins a tie.
  let pick = 0;
  remaining.forEach((item, index) => {
    if (depth(item) >= depth(remaining[pick] ?? item)) pick = index;
  });
  const chosen = remaining[pick] ?? error;
  return describe(chosen, remaining.slice(0, pick), root);
}

const FORMAT_NOUNS: Readonly<Record<string, string>> = {
  duration: 'duration',
  bytes: 'byte size',
  ports: 'port',
  expose: 'port',
  port: 'port',
  'port-range': 'port or port range',
  boolean: 'boolean',
  integer: 'whole number',
  number: 'number',
  restart: 'restart policy',
  'pull-policy': 'pull policy',
};

const FORMAT_HINTS: Readonly<Record<string, string>> = {
  duration: 'durations look like 10s, 1m30s, 1.5h or 100ms',
  bytes: 'sizes look like 512m, 1gb, 2048k or a plain number of bytes',
  ports: 'ports look like 80, 8080:80, 127.0.0.1:8080:80/udp or 9090-9091:8080-8081',
  expose: 'exposed ports look like 3000, 8080-8085 or 3000/udp',
};

function describeFormat(path: PathSegment[], format: string, value: Json | undefined): Fault {
  const text = typeof value === 'string' ? value : String(value);
  const problems: Readonly<Record<string, (value: string) => string | undefined>> = formatProblems;
  const problem = problems[format]?.(text);
  const noun = FORMAT_NOUNS[format] ?? format;
  return {
    path,
    reason: `invalid ${noun} ${JSON.stringify(text)}${problem === undefined ? '' : `: ${problem}`}`,
    hint: FORMAT_HINTS[format],
  };
}

const RESOURCE_MAPS = new Set(['services', 'networks', 'volumes', 'secrets', 'configs', 'models', 'depends_on']);

function invalidName(path: readonly PathSegment[], name: string): string {
  const parent = path[path.length - 1];
  if (parent === 'ulimits') return `invalid ulimit name "${name}": use lowercase letters only`;
  if (typeof parent === 'string' && RESOURCE_MAPS.has(parent)) {
    return `invalid name "${name}": use only letters, digits, ".", "_" and "-"`;
  }
  return `invalid key "${name}"`;
}

function unknownKeyHint(known: readonly string[]): string {
  if (known.length > 0 && known.length <= 12) {
    return `allowed here: ${known.join(', ')}; custom keys must start with "x-"`;
  }
  return 'custom keys must start with "x-"';
}

/** ajv names JSON types; messages use the YAML words docker compose uses. */
const TYPE_WORDS: Readonly<Record<string, string>> = { object: 'mapping', array: 'array' };

function describeTypes(types: readonly string[]): string {
  const unique = [...new Set(types)];
  const words = unique.filter((type) => type !== 'null').map((type) => TYPE_WORDS[type] ?? type);
  const orNull = unique.includes('null');
  const first = words[0];
  if (first === undefined) return 'null';
  const article = /^[aeiou]/.test(first) ? 'an' : 'a';
  return `${article} ${joinWords(words, 'or')}${orNull ? ' or null' : ''}`;
}

function typesOf(error: ErrorObject): string[] {
  const type = param(error, 'type');
  if (Array.isArray(type)) return type.map(String);
  return String(type).split(',');
}

function joinWords(words: readonly string[], last: string): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1] ?? ''}`;
}

/** The keys the failing mapping's subschema declares (the compiled validator attaches the subschema). */
function declaredKeys(error: ErrorObject): string[] {
  const schema: unknown = error.parentSchema;
  if (!isJsonObject(schema)) return [];
  const properties = schema.properties;
  return isJsonObject(properties) ? Object.keys(properties) : [];
}

function param(error: ErrorObject, name: string): unknown {
  const params: Record<string, unknown> = error.params;
  return params[name];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function depth(error: ErrorObject): number {
  return error.instancePath === '' ? 0 : error.instancePath.split('/').length - 1;
}

/** A JSON pointer as a key path; a segment is a number exactly where the data holds a sequence. */
function toPath(root: Json, pointer: string): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let current: Json | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(key);
      path.push(index);
      current = current[index];
    } else {
      path.push(key);
      current = isJsonObject(current) ? current[key] : undefined;
    }
  }
  return path;
}

function valueAt(root: Json, path: readonly PathSegment[]): Json | undefined {
  let current: Json | undefined = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isJsonObject(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}
