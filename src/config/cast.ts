import type { Json, PathSegment } from './json.js';

/**
 * The type a field expects when its value came out of interpolation. Interpolation always yields a
 * string, so `replicas: ${N}` would reach the schema as `"3"`; these fields get their real type back.
 * - `boolean`: true/false/yes/no/on/off in any case, anything else is an error.
 * - `number`: an integer or decimal, anything else is an error.
 * - `number-or-text`: a number when the text is one; otherwise kept, because the field also takes
 *   words (`count: all`) or sizes with a unit (`shm_size: 64m`).
 */
export type InterpolatedType = 'boolean' | 'number' | 'number-or-text';

/** A value from interpolation that cannot be read as the type its field expects. */
export class TypeCastError extends Error {
  /** What is wrong, without any location. */
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = new.target.name;
    this.reason = reason;
  }
}

// `*` is any mapping key, `[]` any sequence index. Built from the boolean and numeric fields of the
// specification. Left out on purpose: file modes (`mode: "0440"` is octal, a number would lose that),
// `ports[].published` (kept as a string downstream), map values such as `environment` and `labels`
// (strings in the container), and fields that take text as well as a boolean (`build.provenance`).
const FIELD_TYPES: ReadonlyArray<readonly [string, InterpolatedType]> = [
  ['services.*.attach', 'boolean'],
  ['services.*.init', 'boolean'],
  ['services.*.oom_kill_disable', 'boolean'],
  ['services.*.privileged', 'boolean'],
  ['services.*.read_only', 'boolean'],
  ['services.*.stdin_open', 'boolean'],
  ['services.*.tty', 'boolean'],
  ['services.*.use_api_socket', 'boolean'],
  ['services.*.build.no_cache', 'boolean'],
  ['services.*.build.privileged', 'boolean'],
  ['services.*.build.pull', 'boolean'],
  ['services.*.depends_on.*.required', 'boolean'],
  ['services.*.depends_on.*.restart', 'boolean'],
  ['services.*.develop.watch[].exec.privileged', 'boolean'],
  ['services.*.develop.watch[].initial_sync', 'boolean'],
  ['services.*.env_file[].required', 'boolean'],
  ['services.*.healthcheck.disable', 'boolean'],
  ['services.*.post_start[].privileged', 'boolean'],
  ['services.*.pre_stop[].privileged', 'boolean'],
  ['services.*.volumes[].bind.create_host_path', 'boolean'],
  ['services.*.volumes[].read_only', 'boolean'],
  ['services.*.volumes[].volume.nocopy', 'boolean'],
  ['networks.*.attachable', 'boolean'],
  ['networks.*.enable_ipv4', 'boolean'],
  ['networks.*.enable_ipv6', 'boolean'],
  ['networks.*.external', 'boolean'],
  ['networks.*.internal', 'boolean'],
  ['volumes.*.external', 'boolean'],
  ['secrets.*.external', 'boolean'],
  ['configs.*.external', 'boolean'],

  ['services.*.cpu_count', 'number'],
  ['services.*.cpu_percent', 'number'],
  ['services.*.cpu_period', 'number'],
  ['services.*.cpu_quota', 'number'],
  ['services.*.cpu_rt_period', 'number'],
  ['services.*.cpu_rt_runtime', 'number'],
  ['services.*.cpu_shares', 'number'],
  ['services.*.cpus', 'number'],
  ['services.*.mem_swappiness', 'number'],
  ['services.*.oom_score_adj', 'number'],
  ['services.*.pids_limit', 'number'],
  ['services.*.scale', 'number'],
  ['services.*.blkio_config.weight', 'number'],
  ['services.*.blkio_config.weight_device[].weight', 'number'],
  ['services.*.build.ulimits.*', 'number'],
  ['services.*.build.ulimits.*.hard', 'number'],
  ['services.*.build.ulimits.*.soft', 'number'],
  ['services.*.deploy.placement.max_replicas_per_node', 'number'],
  ['services.*.deploy.replicas', 'number'],
  ['services.*.deploy.resources.limits.cpus', 'number'],
  ['services.*.deploy.resources.limits.pids', 'number'],
  ['services.*.deploy.resources.reservations.cpus', 'number'],
  ['services.*.deploy.resources.reservations.generic_resources[].discrete_resource_spec.value', 'number'],
  ['services.*.deploy.restart_policy.max_attempts', 'number'],
  ['services.*.deploy.rollback_config.max_failure_ratio', 'number'],
  ['services.*.deploy.rollback_config.parallelism', 'number'],
  ['services.*.deploy.update_config.max_failure_ratio', 'number'],
  ['services.*.deploy.update_config.parallelism', 'number'],
  ['services.*.healthcheck.retries', 'number'],
  ['services.*.networks.*.gw_priority', 'number'],
  ['services.*.networks.*.priority', 'number'],
  ['services.*.ports[].target', 'number'],
  ['services.*.ulimits.*', 'number'],
  ['services.*.ulimits.*.hard', 'number'],
  ['services.*.ulimits.*.soft', 'number'],
  ['models.*.context_size', 'number'],

  ['services.*.mem_limit', 'number-or-text'],
  ['services.*.mem_reservation', 'number-or-text'],
  ['services.*.memswap_limit', 'number-or-text'],
  ['services.*.shm_size', 'number-or-text'],
  ['services.*.blkio_config.device_read_bps[].rate', 'number-or-text'],
  ['services.*.blkio_config.device_read_iops[].rate', 'number-or-text'],
  ['services.*.blkio_config.device_write_bps[].rate', 'number-or-text'],
  ['services.*.blkio_config.device_write_iops[].rate', 'number-or-text'],
  ['services.*.build.shm_size', 'number-or-text'],
  ['services.*.deploy.resources.reservations.devices[].count', 'number-or-text'],
  ['services.*.gpus[].count', 'number-or-text'],
  ['services.*.volumes[].tmpfs.size', 'number-or-text'],
];

type PatternSegment = { kind: 'key'; name: string } | { kind: 'any-key' } | { kind: 'any-index' };

function compile(pattern: string): PatternSegment[] {
  const segments: PatternSegment[] = [];
  for (const part of pattern.split('.')) {
    const indexed = part.endsWith('[]');
    const name = indexed ? part.slice(0, -2) : part;
    segments.push(name === '*' ? { kind: 'any-key' } : { kind: 'key', name });
    if (indexed) segments.push({ kind: 'any-index' });
  }
  return segments;
}

const COMPILED = FIELD_TYPES.map(([pattern, type]) => ({ segments: compile(pattern), type }));

function matches(segments: readonly PatternSegment[], path: readonly PathSegment[]): boolean {
  if (segments.length !== path.length) return false;
  return segments.every((segment, index) => {
    const step = path[index];
    if (segment.kind === 'any-index') return typeof step === 'number';
    if (typeof step !== 'string') return false;
    return segment.kind === 'any-key' || segment.name === step;
  });
}

/** The type the field at `path` expects once interpolated, or undefined when it takes any string. */
export function interpolatedTypeAt(path: readonly PathSegment[]): InterpolatedType | undefined {
  return COMPILED.find((entry) => matches(entry.segments, path))?.type;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'off']);
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a boolean word (true/false/yes/no/on/off, any case), or undefined when it is not one. */
export function parseBooleanWord(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  return undefined;
}

function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

/**
 * Gives an interpolated string the type its field expects, so the schema sees `replicas: 3` rather
 * than `"3"`. Fields that take any string get it back unchanged. Throws TypeCastError when the text
 * cannot be read as the required boolean or number.
 */
export function castInterpolated(text: string, path: readonly PathSegment[]): Json {
  const type = interpolatedTypeAt(path);
  switch (type) {
    case undefined:
      return text;
    case 'boolean': {
      const value = parseBooleanWord(text);
      if (value === undefined) {
        throw new TypeCastError(`expected a boolean (true, false, yes, no, on or off), got "${text}"`);
      }
      return value;
    }
    case 'number': {
      const value = parseNumber(text);
      if (value === undefined) throw new TypeCastError(`expected a number, got "${text}"`);
      return value;
    }
    case 'number-or-text':
      return parseNumber(text) ?? text;
  }
}
