import type { FileReference, FileResourceDefinition } from '../../model/index.js';
import type { ContainerSpecInput } from './container-input.js';
import { serviceField } from './container-input.js';
import { ContainerSpecError } from './spec-error.js';
import { fileMode } from './units.js';

/** Where secrets land, and what a relative secret target is under. */
const SECRETS_DIR = '/run/secrets/';
/** What a relative (or absent) config target is under. */
const CONFIGS_DIR = '/';
/** World-readable, the specification's default for secrets and configs. */
const DEFAULT_MODE = 0o444;

/** A file copied into a container after it is created and before it starts. */
export interface ContainerFile {
  /** Absolute path in the container. */
  path: string;
  content: Buffer;
  /** Permission bits. */
  mode: number;
  uid?: string;
  gid?: string;
}

/** A secret or config granted to the service, with where its content comes from. */
export interface ResolvedGrant {
  kind: 'secret' | 'config';
  grant: FileReference;
  /** Absolute path in the container. */
  target: string;
  /** `services.<name>.secrets[i]`, for messages. */
  field: string;
  /** Where the content is: a host file to bind-mount, or the text itself to copy in. */
  origin: { file: string } | { content: string };
}

/**
 * Every secret and config the service is granted, resolved against the project's definitions and
 * environment. Throws for one that is undefined, external, or read from an unset variable, so the
 * create body fails before anything is created.
 */
export function resolvedGrants(input: ContainerSpecInput): ResolvedGrant[] {
  const grants: ResolvedGrant[] = [];
  const kinds = [
    ['secret', input.service.secrets, input.project.secrets, SECRETS_DIR],
    ['config', input.service.configs, input.project.configs, CONFIGS_DIR],
  ] as const;
  for (const [kind, references, definitions, directory] of kinds) {
    (references ?? []).forEach((grant, index) => {
      const field = serviceField(input, `${kind}s[${index}]`);
      const definition = definitions?.[grant.source];
      if (definition === undefined) {
        throw new ContainerSpecError(`${field}: ${kind} "${grant.source}" is not defined in the top-level ${kind}s`);
      }
      const origin = grantOrigin(input, kind, grant, definition, field);
      grants.push({ kind, grant, target: grantTarget(grant, directory), field, origin });
    });
  }
  return grants;
}

/**
 * A grant's path in the container: the target when absolute, else under the kind's directory; the
 * source's name there when no target is given.
 */
function grantTarget(grant: FileReference, directory: string): string {
  const target = grant.target === undefined || grant.target === '' ? grant.source : grant.target;
  return target.startsWith('/') ? target : `${directory}${target}`;
}

/**
 * The files a container needs copied in before it starts: secrets and configs whose content comes
 * from the environment or is written inline. File-based ones are bind-mounted instead (see mounts),
 * and get neither `uid`/`gid` nor `mode`: a bind mount shows the host file as it is.
 */
export function grantFiles(input: ContainerSpecInput): ContainerFile[] {
  const files: ContainerFile[] = [];
  for (const { grant, target, field, origin } of resolvedGrants(input)) {
    if (!('content' in origin)) continue;
    const file: ContainerFile = {
      path: target,
      content: Buffer.from(origin.content, 'utf8'),
      mode: grant.mode === undefined ? DEFAULT_MODE : fileMode(grant.mode, `${field}.mode`),
    };
    if (grant.uid !== undefined) file.uid = grant.uid;
    if (grant.gid !== undefined) file.gid = grant.gid;
    files.push(file);
  }
  return files;
}

/** Where a grant's content comes from: its file, its inline content, or its environment variable. */
function grantOrigin(
  input: ContainerSpecInput,
  kind: ResolvedGrant['kind'],
  grant: FileReference,
  definition: FileResourceDefinition,
  field: string,
): ResolvedGrant['origin'] {
  if (definition.file !== undefined) return { file: definition.file };
  if (definition.content !== undefined) return { content: definition.content };
  if (definition.environment !== undefined) {
    const value = input.environment?.[definition.environment];
    if (value === undefined) {
      throw new ContainerSpecError(
        `${field}: ${kind} "${grant.source}" is read from the environment variable ${definition.environment}, which is not set`,
        { hint: `set ${definition.environment} in the environment or in the project's .env file` },
      );
    }
    return { content: value };
  }
  throw new ContainerSpecError(`${field}: ${kind} "${grant.source}" has no file, environment or content`, {
    hint:
      definition.external === true
        ? `external ${kind}s live in a swarm's store, which a single engine does not have; use file: or environment:`
        : `give it a file:, environment: or content:`,
  });
}
