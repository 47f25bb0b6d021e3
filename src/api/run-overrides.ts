import { homedir } from 'node:os';
import path from 'node:path';
import { parseKeyValue } from '../config/syntax/key-value.js';
import { parsePortShortSyntax } from '../config/syntax/ports.js';
import { splitShellWords } from '../config/syntax/shell-words.js';
import { parseVolumeShortSyntax } from '../config/syntax/volumes.js';
import type { OneOffOverrides } from '../engine/spec/one-off.js';
import { BerthError } from '../errors.js';
import type { ServiceMount, ServicePort } from '../model/index.js';

/** `run`'s flags that change the service, as docker compose spells their values. */
export interface OneOffFlags {
  /** The command and its arguments; the service's when absent or empty. */
  command?: readonly string[];
  /** `--entrypoint`: a command line (split into words as a shell would) or the words themselves. */
  entrypoint?: string | readonly string[];
  /** `-e KEY=VALUE`, or `-e KEY` for the value in the project's environment (left out when it has none). */
  environment?: readonly string[];
  /** `-l KEY=VALUE`. */
  labels?: readonly string[];
  user?: string;
  /** `-w`. */
  workdir?: string;
  /** `-p [[IP:]PUBLISHED:]TARGET[/PROTOCOL]`. */
  publish?: readonly string[];
  /** `-P`: publish the service's own ports. */
  servicePorts?: boolean;
  /** `-v SOURCE:TARGET[:OPTIONS]`, as in a compose file; a relative host path is from the project directory. */
  volumes?: readonly string[];
}

/** Where the flags' values are resolved. */
export interface OverrideContext {
  /** The project directory, for relative host paths in `-v`. */
  projectDir: string;
  /** The project's environment, for `-e KEY`. */
  lookup(name: string): string | undefined;
  /** For `~` in `-v`; the user's home directory by default. */
  home?: string;
}

/** The flags as changes to the service; a value that cannot be read is a BerthError naming the flag. */
export function oneOffOverrides(flags: OneOffFlags, streams: { tty: boolean; stdinOpen: boolean }, context: OverrideContext): OneOffOverrides {
  if (flags.servicePorts === true && (flags.publish ?? []).length > 0) {
    throw new BerthError('run-options', '--service-ports and --publish cannot be used together', {
      hint: 'publish the service ports with -P, or name each port with -p',
    });
  }
  const overrides: OneOffOverrides = {
    ports: flags.servicePorts === true ? 'service' : (flags.publish ?? []).flatMap(publishedPorts),
    tty: streams.tty,
    stdinOpen: streams.stdinOpen,
  };
  if (flags.command !== undefined && flags.command.length > 0) overrides.command = [...flags.command];
  if (flags.entrypoint !== undefined) {
    overrides.entrypoint = typeof flags.entrypoint === 'string' ? entrypointWords(flags.entrypoint) : [...flags.entrypoint];
  }
  if (flags.environment !== undefined && flags.environment.length > 0) {
    const environment: Record<string, string | null> = {};
    for (const entry of flags.environment) {
      const { key, value } = keyValue(entry, '-e');
      environment[key] = value ?? context.lookup(key) ?? null;
    }
    overrides.environment = environment;
  }
  if (flags.labels !== undefined && flags.labels.length > 0) {
    const labels: Record<string, string> = {};
    for (const entry of flags.labels) {
      const { key, value } = keyValue(entry, '-l');
      labels[key] = value ?? '';
    }
    overrides.labels = labels;
  }
  if (flags.user !== undefined) overrides.user = flags.user;
  if (flags.workdir !== undefined) overrides.workingDir = flags.workdir;
  if (flags.volumes !== undefined && flags.volumes.length > 0) {
    overrides.volumes = flags.volumes.map((spec) => volumeMount(spec, context));
  }
  return overrides;
}

function keyValue(entry: string, flag: string): { key: string; value: string | null } {
  try {
    return parseKeyValue(entry);
  } catch (error) {
    throw flagError(flag, entry, error);
  }
}

function entrypointWords(text: string): string[] {
  try {
    return splitShellWords(text);
  } catch (error) {
    throw flagError('--entrypoint', text, error);
  }
}

/** One `-p` as the model's ports (a range gives one per port), with the defaults the loader applies. */
function publishedPorts(spec: string): ServicePort[] {
  try {
    return parsePortShortSyntax(spec).map((mapping) => {
      const entry: ServicePort = { mode: 'ingress', target: mapping.target, protocol: mapping.protocol ?? 'tcp' };
      if (mapping.published !== undefined) entry.published = mapping.published;
      if (mapping.host_ip !== undefined) entry.host_ip = mapping.host_ip;
      return entry;
    });
  } catch (error) {
    throw flagError('-p', spec, error);
  }
}

/** One `-v` as a model mount, its host path made absolute as the loader makes a compose file's. */
function volumeMount(spec: string, context: OverrideContext): ServiceMount {
  let parsed;
  try {
    parsed = parseVolumeShortSyntax(spec);
  } catch (error) {
    throw flagError('-v', spec, error);
  }
  const mount: ServiceMount = { type: parsed.type, target: parsed.target };
  if (parsed.source !== undefined) mount.source = parsed.type === 'bind' ? hostPath(parsed.source, context) : parsed.source;
  if (parsed.read_only !== undefined) mount.read_only = parsed.read_only;
  if (parsed.consistency !== undefined) mount.consistency = parsed.consistency;
  if (parsed.bind !== undefined) {
    const { create_host_path: create, ...rest } = parsed.bind;
    mount.bind = { ...rest, create_host_path: create ?? true };
  }
  if (parsed.volume !== undefined) mount.volume = { ...parsed.volume };
  return mount;
}

function hostPath(source: string, context: OverrideContext): string {
  if (source === '~' || source.startsWith('~/')) return path.join(context.home ?? homedir(), source.slice(1));
  return path.resolve(context.projectDir, source);
}

function flagError(flag: string, value: string, error: unknown): BerthError {
  const reason = error instanceof Error ? error.message : String(error);
  // The short-syntax parsers quote the value themselves.
  const what = reason.includes(value) ? flag : `${flag} ${JSON.stringify(value)}`;
  return new BerthError('run-options', `${what}: ${reason}`);
}
