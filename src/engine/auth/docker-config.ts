import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../errors.js';

/** The environment variables read here (`DOCKER_CONFIG`). */
export type DockerConfigEnvironment = Readonly<Record<string, string | undefined>>;

/** Reads a text file; undefined when it does not exist. May throw when it exists but cannot be read. */
export type ReadConfigFile = (file: string) => string | undefined;

/** One entry of `auths`, with `auth` already decoded into `username` and `password`. */
export interface DockerAuthEntry {
  username?: string;
  password?: string;
  /** A refresh token the registry's token server exchanges for access tokens. */
  identitytoken?: string;
  /** A bearer token sent to the registry as it is. */
  registrytoken?: string;
}

/** The parts of the docker CLI's config.json that say where registry credentials are. */
export interface DockerConfig {
  /** The file read (whether or not it existed), for messages. */
  file: string;
  /** Keyed as written: a host (`ghcr.io`) or a URL (`https://index.docker.io/v1/`). */
  auths: ReadonlyMap<string, DockerAuthEntry>;
  /** The helper suffix for every registry (`desktop` → `docker-credential-desktop`). */
  credsStore: string | undefined;
  /** Per-registry helper suffixes, keyed like `auths`. */
  credHelpers: ReadonlyMap<string, string>;
}

/** config.json is unreadable or not what the docker CLI writes. The message never quotes the file's values. */
export class DockerConfigError extends BerthError {
  constructor(readonly file: string, message: string, options: { hint?: string } = {}) {
    super('docker-config', message, {
      hint: options.hint ?? `fix ${file} (the docker CLI reads the same file), or point DOCKER_CONFIG at another directory`,
    });
  }
}

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`, as in the docker CLI. */
export function dockerConfigFile(env: DockerConfigEnvironment, homeDir: string): string {
  const dir = env.DOCKER_CONFIG === undefined || env.DOCKER_CONFIG === '' ? path.join(homeDir, '.docker') : env.DOCKER_CONFIG;
  return path.join(dir, 'config.json');
}

/**
 * Reads the docker CLI's config.json. No file means no credentials, as for the CLI; a broken one is
 * an error, not a silent "no credentials": a pull would otherwise fail later with a misleading
 * "unauthorized".
 */
export function loadDockerConfig(env: DockerConfigEnvironment, homeDir: string, readFile: ReadConfigFile = readIfPresent): DockerConfig {
  const file = dockerConfigFile(env, homeDir);
  const text = readFile(file);
  return text === undefined ? emptyConfig(file) : parseDockerConfig(text, file);
}

/** Parses config.json's text; `file` names it in errors. */
export function parseDockerConfig(text: string, file: string): DockerConfig {
  // Editors on Windows may write a byte order mark, which JSON.parse rejects.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // The CLI reads an empty file as an empty configuration.
  if (body.trim() === '') return emptyConfig(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // V8's message quotes the text around the fault, and this file holds passwords: the position
    // comes from berth's own scan, and the original error is dropped rather than kept as a cause.
    throw syntaxError(body, file);
  }
  if (!isObject(parsed)) throw new DockerConfigError(file, `${file}: the top level must be a JSON object`);
  return {
    file,
    auths: readAuths(parsed.auths, file),
    credsStore: readCredsStore(parsed.credsStore, file),
    credHelpers: readCredHelpers(parsed.credHelpers, file),
  };
}

function emptyConfig(file: string): DockerConfig {
  return { file, auths: new Map(), credsStore: undefined, credHelpers: new Map() };
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new DockerConfigError(file, `cannot read ${file}: ${code ?? 'unknown error'}`);
  }
}

function readAuths(value: unknown, file: string): Map<string, DockerAuthEntry> {
  const auths = new Map<string, DockerAuthEntry>();
  // A null section is what Go's encoder writes for an empty map; the CLI reads it as empty.
  if (value === undefined || value === null) return auths;
  if (!isObject(value)) throw new DockerConfigError(file, `${file}: auths must be an object`);
  for (const [key, raw] of Object.entries(value)) {
    const where = `auths[${JSON.stringify(key)}]`;
    if (raw === null) {
      auths.set(key, {});
      continue;
    }
    if (!isObject(raw)) throw new DockerConfigError(file, `${file}: ${where} must be an object`);
    const entry: DockerAuthEntry = {};
    for (const field of ['username', 'password', 'identitytoken', 'registrytoken'] as const) {
      const text = optionalString(raw[field], file, `${where}.${field}`);
      if (text !== undefined && text !== '') entry[field] = text;
    }
    const auth = optionalString(raw.auth, file, `${where}.auth`);
    // As in the CLI, `auth` wins over `username`/`password` written beside it.
    if (auth !== undefined && auth !== '') Object.assign(entry, decodeAuth(auth, file, where));
    auths.set(key, entry);
  }
  return auths;
}

/** `auth` is base64 (standard alphabet) of `user:password`; the password may itself hold colons. */
function decodeAuth(auth: string, file: string, where: string): { username: string; password: string } {
  const compact = auth.replace(/[\r\n]/g, '');
  const invalid = () =>
    new DockerConfigError(file, `${file}: ${where}.auth is not the base64 encoding of "user:password"`, {
      hint: `log in again (docker login) or fix that entry of ${file}`,
    });
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) throw invalid();
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw invalid();
  // Some writers pad the decoded text with NUL bytes; the CLI trims them too.
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1).replace(/^\0+|\0+$/g, '') };
}

function readCredsStore(value: unknown, file: string): string | undefined {
  const name = optionalString(value, file, 'credsStore');
  if (name === undefined || name === '') return undefined;
  return helperName(name, file, 'credsStore');
}

function readCredHelpers(value: unknown, file: string): Map<string, string> {
  const helpers = new Map<string, string>();
  if (value === undefined || value === null) return helpers;
  if (!isObject(value)) throw new DockerConfigError(file, `${file}: credHelpers must be an object`);
  for (const [key, raw] of Object.entries(value)) {
    const where = `credHelpers[${JSON.stringify(key)}]`;
    const name = optionalString(raw, file, where);
    if (name === undefined || name === '') continue;
    helpers.set(key, helperName(name, file, where));
  }
  return helpers;
}

/**
 * A helper is named by the suffix of `docker-credential-<name>` found on PATH. Anything that could
 * reach outside PATH (a slash, `..`) is refused: the name is run as a program.
 */
function helperName(name: string, file: string, where: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new DockerConfigError(file, `${file}: ${where} must name a credential helper (letters, digits, ".", "_", "-"), not a path`);
  }
  return name;
}

function optionalString(value: unknown, file: string, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new DockerConfigError(file, `${file}: ${where} must be a string`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function syntaxError(text: string, file: string): DockerConfigError {
  const fault = findJsonFault(text);
  if (fault === undefined) return new DockerConfigError(file, `${file}: invalid JSON`);
  const before = text.slice(0, fault.offset);
  const line = before.split('\n').length;
  const column = fault.offset - (before.lastIndexOf('\n') + 1) + 1;
  return new DockerConfigError(file, `${file}:${line}:${column}: invalid JSON: ${fault.reason}`);
}

/** Where JSON text first goes wrong, and what was expected there. */
interface JsonFault {
  offset: number;
  reason: string;
}

class JsonFaultSignal {
  constructor(readonly fault: JsonFault) {}
}

/**
 * Scans JSON text only to locate its first fault (after JSON.parse has said there is one). The
 * reasons name what was expected, never the characters found: those may belong to a secret.
 */
function findJsonFault(text: string): JsonFault | undefined {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new JsonFaultSignal({ offset: at, reason });
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const expectEnd = (what: string) => {
    if (i >= text.length) fail(`unexpected end of file, expected ${what}`);
  };

  const string = () => {
    const start = i;
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return;
      }
      if (code < 0x20) fail('control character (such as a line break) inside a string');
      if (code === 0x5c) {
        const escape = text.charAt(i + 1);
        if (escape === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in a string');
          i += 6;
        } else if (escape !== '' && '"\\/bfnrt'.includes(escape)) {
          i += 2;
        } else {
          fail('invalid escape in a string');
        }
        continue;
      }
      i++;
    }
  };

  const numberPattern = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const number = () => {
    numberPattern.lastIndex = i;
    if (!numberPattern.test(text)) fail('invalid number');
    i = numberPattern.lastIndex;
  };

  const value = (): void => {
    skipSpace();
    expectEnd('a value');
    const c = text.charAt(i);
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail('expected a value (an object, array, string, number, true, false or null)');
  };

  const object = () => {
    i++;
    skipSpace();
    if (text.charAt(i) === '}') {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      expectEnd('a property name');
      if (text.charAt(i) !== '"') fail('expected a property name in double quotes (is there a trailing comma?)');
      string();
      skipSpace();
      expectEnd('":"');
      if (text.charAt(i) !== ':') fail('expected ":" after a property name');
      i++;
      value();
      skipSpace();
      expectEnd('"," or "}"');
      const c = text.charAt(i);
      i++;
      if (c === '}') return;
      if (c !== ',') fail('expected "," or "}" after a property value', i - 1);
    }
  };

  const array = () => {
    i++;
    skipSpace();
    if (text.charAt(i) === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      expectEnd('"," or "]"');
      const c = text.charAt(i);
      i++;
      if (c === ']') return;
      if (c !== ',') fail('expected "," or "]" after an array element', i - 1);
    }
  };

  try {
    value();
    skipSpace();
    if (i < text.length) fail('unexpected text after the end of the top-level value');
    return undefined;
  } catch (signal) {
    if (signal instanceof JsonFaultSignal) return signal.fault;
    // Nesting deep enough to exhaust the stack: the fault is real, only its place is unknown.
    if (signal instanceof RangeError) return undefined;
    throw signal;
  }
}
