import { createRequire } from 'node:module';
import type * as NodeCrypto from 'node:crypto';

let crypto: typeof NodeCrypto | undefined;

/** sha256 as hex. node:crypto is loaded on the first hash: `config` and `explain` rarely need one, and loading it was several milliseconds of their time. */
function sha256Hex(text: string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto;
  return crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * Service fields that do not change what a container is: how its image is obtained (`build`,
 * `pull_policy`), how many run (`scale`, `deploy.replicas`), and when it starts (`depends_on`,
 * `profiles`). Changing them must not recreate running containers.
 */
const IGNORED_FIELDS: ReadonlySet<string> = new Set(['build', 'pull_policy', 'scale', 'depends_on', 'profiles']);

/**
 * The `com.docker.compose.config-hash` of a normalized service: the sha256 (hex) of its canonical
 * JSON without the fields above. Accepts the loader's plain JSON or a typed model object; the input
 * is not modified.
 */
export function serviceConfigHash(service: object): string {
  return configRecordHash(serviceConfigRecord(service));
}

/**
 * The text the config hash is the sha256 of: the canonical JSON of `hashedPart(service)`. Kept on
 * the container beside the hash, it lets a later run say which fields changed, not only that some did.
 */
export function serviceConfigRecord(service: object): string {
  return canonicalJson(hashedPart(service));
}

/** The config hash of a record made by `serviceConfigRecord`: a record checks against its hash with it. */
export function configRecordHash(record: string): string {
  return sha256Hex(record);
}

/** The part of a service the hash covers. Exported so a caller can show what a hash is made of. */
export function hashedPart(service: object): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.fromEntries(
    Object.entries(service).filter(([field]) => !IGNORED_FIELDS.has(field)),
  );
  const deploy = copy.deploy;
  if (isPlainObject(deploy) && 'replicas' in deploy) {
    const rest: Record<string, unknown> = { ...deploy };
    delete rest.replicas;
    // A deploy block that only set replicas is the same as none: scaling must not recreate. The
    // `resources` and `placement` every printed deploy block carries count as unset when empty.
    const unset = Object.entries(rest).every(
      ([field, value]) => ALWAYS_PRINTED_DEPLOY_FIELDS.has(field) && isEmptyObject(value),
    );
    if (unset) delete copy.deploy;
    else copy.deploy = rest;
  }
  return copy;
}

/** Deploy fields the normalized model always holds, `{}` when the files did not set them. */
const ALWAYS_PRINTED_DEPLOY_FIELDS: ReadonlySet<string> = new Set(['resources', 'placement']);

function isEmptyObject(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/**
 * JSON with the keys of every object sorted (code-point order) and no whitespace, so two objects
 * equal as data give the same text whatever order their keys were written in. Written out by hand
 * because JSON.stringify puts integer-like keys (`"80"`) first whatever order they are given in.
 * Members JSON has no form for (undefined, functions) are left out of objects and become null in
 * arrays, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value) ?? 'null';
}

function serialize(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => serialize(item) ?? 'null').join(',')}]`;
  }
  if (isPlainObject(value)) {
    const members: string[] = [];
    for (const key of Object.keys(value).sort(compareKeys)) {
      const item = serialize(value[key]);
      if (item !== undefined) members.push(`${JSON.stringify(key)}:${item}`);
    }
    return `{${members.join(',')}}`;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  return JSON.stringify(value);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
