import { isJsonObject, type Json, type PathSegment } from './json.js';

/**
 * How the values at one key path combine when a later file (or an extending service) sets them
 * again. Paths the table does not name follow the general rule of the spec (13-merge.md): mappings
 * merge key by key, sequences append, scalars are replaced.
 */
export type MergeRule =
  /** The later value wins whole: shell commands, where appending arguments would make no sense. */
  | { kind: 'replace' }
  /** A mapping whose entries merge one by one, each by its own rule (the general mapping rule, named). */
  | { kind: 'mergeByName' }
  /** Mappings merge only when they agree on `field` (or one leaves it out); otherwise the later wins whole. */
  | { kind: 'mergeWhenEqual'; field: string }
  /** Sequences append, then repeated values are dropped (the first occurrence keeps its place). */
  | { kind: 'uniqueByValue' }
  /**
   * Sequences append, but a later item whose key matches an earlier item's merges into it (by
   * `items`, or the general rule) instead of being added. `describe` names the key for readers.
   */
  | { kind: 'uniqueByKey'; describe: string; key: (item: Json) => string | undefined; items?: MergeRule };

const replace: MergeRule = { kind: 'replace' };
const byName: MergeRule = { kind: 'mergeByName' };
const byValue: MergeRule = { kind: 'uniqueByValue' };

function field(item: Json, name: string): string | undefined {
  if (!isJsonObject(item)) return undefined;
  const value = item[name];
  return value === undefined || value === null ? undefined : String(value);
}

function uniqueByField(name: string, items?: MergeRule): MergeRule {
  return { kind: 'uniqueByKey', describe: name, key: (item) => field(item, name), items };
}

/** The key docker compose uses to tell two published ports apart: `host_ip:published:target/protocol`. */
export function portKey(item: Json): string | undefined {
  if (!isJsonObject(item) || item.target === undefined) return undefined;
  const hostIp = field(item, 'host_ip') ?? '';
  const published = field(item, 'published') ?? '';
  return `${hostIp}:${published}:${String(item.target)}/${field(item, 'protocol') ?? 'tcp'}`;
}

/** A secret or config is mounted at `target`, which defaults to a path named after `source`. */
function mountedFileKey(item: Json): string | undefined {
  return field(item, 'target') ?? field(item, 'source');
}

/** An env_file entry is a `{ path }` in the canonical form; a bare string still counts as its path. */
function envFileKey(item: Json): string | undefined {
  return typeof item === 'string' ? item : field(item, 'path');
}

/**
 * The merge rules, keyed by path pattern (`*` stands for any one key). Sources: the spec's merge
 * section (13-merge.md), its `extends` section, and docker compose's observed behaviour.
 */
export const MERGE_RULES: Readonly<Record<string, MergeRule>> = {
  // Shell commands replace: appending one command to another gives nonsense.
  'services.*.command': replace,
  'services.*.entrypoint': replace,
  'services.*.healthcheck.test': replace,
  // A later `extends` names a different base; mixing its `file` and `service` would name neither.
  'services.*.extends': replace,

  // Mappings by name: an override changes or adds single entries.
  'services.*.environment': byName,
  'services.*.labels': byName,
  'services.*.annotations': byName,
  'services.*.sysctls': byName,
  'services.*.storage_opt': byName,
  'services.*.build.args': byName,
  'services.*.build.labels': byName,
  'services.*.depends_on': byName,
  'services.*.networks': byName,
  'services.*.extra_hosts': byName,
  'services.*.build.extra_hosts': byName,
  // A host may map to several addresses; an override adds to them.
  'services.*.extra_hosts.*': byValue,
  'services.*.build.extra_hosts.*': byValue,
  // One ulimit is a pair (soft, hard) that only makes sense together.
  'services.*.ulimits': byName,
  'services.*.ulimits.*': replace,
  // Options of one logging driver mean nothing to another.
  'services.*.logging': { kind: 'mergeWhenEqual', field: 'driver' },
  // Top-level sections: a later file adds resources or changes fields of one it names again.
  services: byName,
  networks: byName,
  volumes: byName,
  secrets: byName,
  configs: byName,

  // Sequences whose items are identified by a key: a later item with the same key replaces fields of the earlier one.
  'services.*.ports': { kind: 'uniqueByKey', describe: 'host_ip:published:target/protocol', key: portKey },
  // A volume that changes type (bind → volume) must not keep the options of the old type.
  'services.*.volumes': uniqueByField('target', { kind: 'mergeWhenEqual', field: 'type' }),
  'services.*.devices': uniqueByField('target'),
  'services.*.secrets': { kind: 'uniqueByKey', describe: 'target (else source)', key: mountedFileKey },
  'services.*.configs': { kind: 'uniqueByKey', describe: 'target (else source)', key: mountedFileKey },
  'services.*.env_file': { kind: 'uniqueByKey', describe: 'path', key: envFileKey },
  'services.*.blkio_config.weight_device': uniqueByField('path'),
  'services.*.blkio_config.device_read_bps': uniqueByField('path'),
  'services.*.blkio_config.device_read_iops': uniqueByField('path'),
  'services.*.blkio_config.device_write_bps': uniqueByField('path'),
  'services.*.blkio_config.device_write_iops': uniqueByField('path'),
  'networks.*.ipam.config': uniqueByField('subnet'),

  // Sequences of plain values: appended, each value once.
  'services.*.expose': byValue,
  'services.*.cap_add': byValue,
  'services.*.cap_drop': byValue,
  'services.*.profiles': byValue,
  'services.*.links': byValue,
  'services.*.external_links': byValue,
  'services.*.dns': byValue,
  'services.*.dns_search': byValue,
  'services.*.dns_opt': byValue,
  'services.*.tmpfs': byValue,
  'services.*.group_add': byValue,
  'services.*.security_opt': byValue,
  'services.*.device_cgroup_rules': byValue,
  'services.*.volumes_from': byValue,
  'services.*.label_file': byValue,
  'services.*.networks.*.aliases': byValue,
  'services.*.build.tags': byValue,
  'services.*.build.platforms': byValue,
  'services.*.build.cache_from': byValue,
  'services.*.build.cache_to': byValue,
};

interface CompiledRule {
  segments: string[];
  wildcards: number;
  rule: MergeRule;
}

const compiled: CompiledRule[] = Object.entries(MERGE_RULES)
  .map(([pattern, rule]) => {
    const segments = pattern.split('.');
    return { segments, wildcards: segments.filter((segment) => segment === '*').length, rule };
  })
  // The most specific pattern wins when two match, whatever order the table is written in.
  .sort((a, b) => a.wildcards - b.wildcards);

/** The rule for the value at `path`, or undefined where the general rule applies. */
export function mergeRuleFor(path: readonly PathSegment[]): MergeRule | undefined {
  for (const candidate of compiled) {
    if (candidate.segments.length !== path.length) continue;
    const matches = candidate.segments.every(
      (segment, index) => segment === '*' || segment === String(path[index]),
    );
    if (matches) return candidate.rule;
  }
  return undefined;
}
