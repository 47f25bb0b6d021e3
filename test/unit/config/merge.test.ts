import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import type { Json, JsonObject } from '../../../src/config/json.js';
import { mergeDocuments, mergeService, withoutMergeTags } from '../../../src/config/merge.js';
import { MERGE_RULES, mergeRuleFor } from '../../../src/config/merge-rules.js';
import { parseCompose } from '../../../src/config/parse.js';
import { locate, mergeTagOf, positionOf } from '../../../src/config/source-map.js';

/** The first document of `text`, parsed with positions (written directly in the canonical, long form). */
function yaml(text: string, file: string): JsonObject {
  const [document] = parseCompose(text, file);
  if (!document) throw new Error('empty document');
  return document.data;
}

/** A document holding `value` at `pattern`, each `*` standing for a resource named `x`. */
function at(pattern: string, value: Json): JsonObject {
  const segments = pattern.split('.').map((segment) => (segment === '*' ? 'x' : segment));
  let current: Json = value;
  for (const segment of segments.reverse()) current = { [segment]: current };
  return current as JsonObject;
}

/** The value at `pattern` (each `*` read as `x`). */
function read(root: Json, pattern: string): Json | undefined {
  let current: Json | undefined = root;
  for (const segment of pattern.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = current[segment === '*' ? 'x' : segment];
  }
  return current;
}

interface RuleCase {
  pattern: string;
  base: Json;
  override: Json;
  expected: Json;
}

const strings = (base: string[], override: string[], expected: string[]) => ({ base, override, expected });

/** One case per pattern of the table: what merging `override` over `base` at that path gives. */
const ruleCases: RuleCase[] = [
  { pattern: 'services.*.command', base: ['echo', 'foo'], override: ['echo', 'bar'], expected: ['echo', 'bar'] },
  { pattern: 'services.*.entrypoint', base: 'sh', override: ['bash', '-c'], expected: ['bash', '-c'] },
  { pattern: 'services.*.healthcheck.test', base: ['CMD', 'a', 'b'], override: ['CMD', 'c'], expected: ['CMD', 'c'] },
  { pattern: 'services.*.extends', base: { service: 'a', file: 'other.yaml' }, override: { service: 'b' }, expected: { service: 'b' } },
  ...['environment', 'labels', 'annotations', 'sysctls', 'storage_opt', 'build.args', 'build.labels'].map((key): RuleCase => ({
    pattern: `services.*.${key}`,
    base: { A: '1', B: '2' },
    override: { B: '3', C: null },
    expected: { A: '1', B: '3', C: null },
  })),
  {
    pattern: 'services.*.depends_on',
    base: { db: { condition: 'service_started', required: true }, cache: { condition: 'service_started', required: true } },
    override: { db: { condition: 'service_healthy', restart: true }, queue: { condition: 'service_started', required: false } },
    expected: {
      db: { condition: 'service_healthy', required: true, restart: true },
      cache: { condition: 'service_started', required: true },
      queue: { condition: 'service_started', required: false },
    },
  },
  {
    pattern: 'services.*.networks',
    base: { front: null, back: { aliases: ['db'] } },
    override: { front: { ipv4_address: '10.0.0.2' }, back: null, extra: null },
    expected: { front: { ipv4_address: '10.0.0.2' }, back: { aliases: ['db'] }, extra: null },
  },
  ...['extra_hosts', 'build.extra_hosts'].map((key): RuleCase => ({
    pattern: `services.*.${key}`,
    base: { one: ['10.0.0.1'], two: ['10.0.0.2'] },
    override: { two: ['10.0.0.3'], three: ['10.0.0.4'] },
    expected: { one: ['10.0.0.1'], two: ['10.0.0.2', '10.0.0.3'], three: ['10.0.0.4'] },
  })),
  ...['extra_hosts.*', 'build.extra_hosts.*'].map((key): RuleCase => ({
    pattern: `services.*.${key}`,
    ...strings(['10.0.0.1', '::1'], ['::1', '10.0.0.9'], ['10.0.0.1', '::1', '10.0.0.9']),
  })),
  {
    pattern: 'services.*.ulimits',
    base: { nofile: { soft: 1024, hard: 2048 }, nproc: 100 },
    override: { nofile: { soft: 4096 }, core: 0 },
    expected: { nofile: { soft: 4096 }, nproc: 100, core: 0 },
  },
  { pattern: 'services.*.ulimits.*', base: { soft: 1, hard: 2 }, override: 65535, expected: 65535 },
  {
    pattern: 'services.*.logging',
    base: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '3' } },
    override: { driver: 'json-file', options: { 'max-size': '10m' } },
    expected: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
  },
  {
    pattern: 'services',
    base: { web: { image: 'nginx', environment: { A: '1' } } },
    override: { web: { environment: { B: '2' } }, db: { image: 'postgres' } },
    expected: { web: { image: 'nginx', environment: { A: '1', B: '2' } }, db: { image: 'postgres' } },
  },
  ...['networks', 'volumes', 'secrets', 'configs'].map((section): RuleCase => ({
    pattern: section,
    base: { shared: { driver: 'local', labels: { a: '1' } } },
    override: { shared: { labels: { b: '2' } }, other: {} },
    expected: { shared: { driver: 'local', labels: { a: '1', b: '2' } }, other: {} },
  })),
  {
    pattern: 'services.*.ports',
    base: [
      { target: 80, published: '8080', protocol: 'tcp' },
      { target: 443, published: '8443' },
    ],
    override: [
      { target: 80, published: '8080', mode: 'host' },
      { target: 80, published: '8080', protocol: 'udp' },
      { target: 80, published: '8080', host_ip: '127.0.0.1' },
    ],
    expected: [
      { target: 80, published: '8080', protocol: 'tcp', mode: 'host' },
      { target: 443, published: '8443' },
      { target: 80, published: '8080', protocol: 'udp' },
      { target: 80, published: '8080', host_ip: '127.0.0.1' },
    ],
  },
  {
    pattern: 'services.*.volumes',
    base: [{ type: 'volume', source: 'foo', target: '/work', read_only: true }, { type: 'volume', source: 'logs', target: '/logs' }],
    override: [{ type: 'volume', source: 'bar', target: '/work' }, { type: 'bind', source: './x', target: '/x' }],
    expected: [
      { type: 'volume', source: 'bar', target: '/work', read_only: true },
      { type: 'volume', source: 'logs', target: '/logs' },
      { type: 'bind', source: './x', target: '/x' },
    ],
  },
  {
    pattern: 'services.*.devices',
    base: [{ source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' }],
    override: [{ source: '/dev/sdb', target: '/dev/xvda' }, { source: '/dev/sdc', target: '/dev/xvdc' }],
    expected: [
      { source: '/dev/sdb', target: '/dev/xvda', permissions: 'rwm' },
      { source: '/dev/sdc', target: '/dev/xvdc' },
    ],
  },
  ...['secrets', 'configs'].map((key): RuleCase => ({
    pattern: `services.*.${key}`,
    base: [{ source: 'a' }, { source: 'b', target: '/etc/t' }],
    override: [{ source: 'a', mode: 256 }, { source: 'c', target: '/etc/t' }, { source: 'b' }],
    expected: [{ source: 'a', mode: 256 }, { source: 'c', target: '/etc/t' }, { source: 'b' }],
  })),
  {
    pattern: 'services.*.env_file',
    base: [{ path: 'a.env', required: true }, { path: 'b.env', required: true }],
    override: [{ path: 'c.env', required: true }, { path: 'a.env', required: false }],
    expected: [
      { path: 'a.env', required: false },
      { path: 'b.env', required: true },
      { path: 'c.env', required: true },
    ],
  },
  ...['weight_device', 'device_read_bps', 'device_read_iops', 'device_write_bps', 'device_write_iops'].map((key): RuleCase => ({
    pattern: `services.*.blkio_config.${key}`,
    base: [{ path: '/dev/sda', rate: 10 }],
    override: [{ path: '/dev/sda', rate: 20 }, { path: '/dev/sdb', rate: 5 }],
    expected: [{ path: '/dev/sda', rate: 20 }, { path: '/dev/sdb', rate: 5 }],
  })),
  {
    pattern: 'networks.*.ipam.config',
    base: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1' }],
    override: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.254' }, { subnet: '10.1.0.0/24' }],
    expected: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.254' }, { subnet: '10.1.0.0/24' }],
  },
  ...[
    'expose', 'cap_add', 'cap_drop', 'profiles', 'links', 'external_links', 'dns', 'dns_search', 'dns_opt',
    'tmpfs', 'group_add', 'security_opt', 'device_cgroup_rules', 'volumes_from', 'label_file',
    'networks.*.aliases', 'build.tags', 'build.platforms', 'build.cache_from', 'build.cache_to',
  ].map((key): RuleCase => ({ pattern: `services.*.${key}`, ...strings(['a', 'b'], ['b', 'c', 'a'], ['a', 'b', 'c']) })),
];

describe('the merge rule table', () => {
  it('has a case below for every rule', () => {
    expect(ruleCases.map((c) => c.pattern).sort()).toEqual(Object.keys(MERGE_RULES).sort());
  });

  it.each(ruleCases)('$pattern', ({ pattern, base, override, expected }) => {
    expect(read(mergeDocuments(at(pattern, base), at(pattern, override)), pattern)).toEqual(expected);
  });

  it('prefers the most specific pattern and leaves other paths to the general rule', () => {
    expect(mergeRuleFor(['services', 'web', 'ulimits', 'nofile'])).toEqual({ kind: 'replace' });
    expect(mergeRuleFor(['services', 'web', 'ulimits'])).toEqual({ kind: 'mergeByName' });
    expect(mergeRuleFor(['services', 'web', 'image'])).toBeUndefined();
  });
});

describe('mergeDocuments: the general rules', () => {
  it('merges mappings key by key, replaces scalars and appends sequences', () => {
    const base = { services: { web: { image: 'a', deploy: { placement: { constraints: ['x'] } } } }, 'x-list': [1, 2] };
    const override = { services: { web: { image: 'b', init: true, deploy: { placement: { constraints: ['x', 'y'] } } } }, 'x-list': [2] };
    expect(mergeDocuments(base, override)).toEqual({
      services: { web: { image: 'b', deploy: { placement: { constraints: ['x', 'x', 'y'] } }, init: true } },
      'x-list': [1, 2, 2],
    });
  });

  it('leaves both inputs untouched', () => {
    const base = yaml('services:\n  web:\n    image: a\n    environment: {A: "1"}\n', 'a.yaml');
    const override = yaml('services:\n  web:\n    environment: {B: "2"}\n    ports: !reset []\n', 'b.yaml');
    const before = [structuredClone(base), structuredClone(override)];
    const merged = mergeDocuments(base, override);
    expect([base, override]).toEqual(before);
    expect(read(merged, 'services.web.environment')).not.toBe(read(base, 'services.web.environment'));
  });

  it('keeps the base when the override leaves a mapping or sequence empty (null)', () => {
    const merged = mergeDocuments(at('services.*', { image: 'a', depends_on: { db: null }, dns: ['1.1.1.1'] }), at('services.*', { depends_on: null, dns: null }));
    expect(read(merged, 'services.*')).toEqual({ image: 'a', depends_on: { db: null }, dns: ['1.1.1.1'] });
  });

  it('replaces a scalar with null, and a null base with anything', () => {
    const merged = mergeDocuments(at('services.*', { user: 'root', build: null }), at('services.*', { user: null, build: { context: '.' } }));
    expect(read(merged, 'services.*')).toEqual({ user: null, build: { context: '.' } });
  });

  it('replaces the logging options when the driver changes', () => {
    const base = at('services.*.logging', { driver: 'json-file', options: { 'max-size': '1m' } });
    const other = at('services.*.logging', { driver: 'syslog', options: { 'syslog-address': 'udp://x' } });
    expect(read(mergeDocuments(base, other), 'services.*.logging')).toEqual({ driver: 'syslog', options: { 'syslog-address': 'udp://x' } });
    const noDriver = at('services.*.logging', { options: { 'max-file': '2' } });
    expect(read(mergeDocuments(base, noDriver), 'services.*.logging')).toEqual({ driver: 'json-file', options: { 'max-size': '1m', 'max-file': '2' } });
  });

  it('replaces a volume whose type changes instead of mixing the options of both types', () => {
    const base = at('services.*.volumes', [{ type: 'bind', source: './data', target: '/data', bind: { create_host_path: true } }]);
    const override = at('services.*.volumes', [{ type: 'volume', source: 'data', target: '/data' }]);
    expect(read(mergeDocuments(base, override), 'services.*.volumes')).toEqual([{ type: 'volume', source: 'data', target: '/data' }]);
  });

  it('does not fold repeated keys of one file together: the checks report them', () => {
    const twice = [{ type: 'volume', source: 'a', target: '/d' }, { type: 'volume', source: 'b', target: '/d' }];
    expect(read(mergeDocuments({}, at('services.*.volumes', twice)), 'services.*.volumes')).toEqual(twice);
    expect(read(mergeDocuments(at('services.*.volumes', twice), at('services.*.image', 'x')), 'services.*.volumes')).toEqual(twice);
  });

  it('rejects a mapping merged with a scalar, pointing at the override', () => {
    const base = yaml('services:\n  web:\n    build:\n      context: .\n', 'a.yaml');
    const override = yaml('services:\n  web:\n    build: "./app"\n', 'b.yaml');
    let error: unknown;
    try {
      mergeDocuments(base, override);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ file: 'b.yaml', line: 3, column: 12, path: ['services', 'web', 'build'] });
    expect((error as ConfigError).message).toBe('b.yaml:3:12: services.web.build: cannot merge a string into a mapping set earlier');
  });

  it('rejects a scalar merged with a mapping, and a sequence with a mapping', () => {
    expect(() => mergeDocuments(at('services.*.image', 'a'), at('services.*.image', { name: 'x' }))).toThrow(/a mapping into a string/);
    expect(() => mergeDocuments(at('x-a', [1]), at('x-a', { a: 1 }))).toThrow(ConfigError);
  });
});

describe('mergeDocuments: !reset and !override', () => {
  const base = yaml(
    ['services:', '  app:', '    image: myapp', '    ports:', '      - target: 80', '        published: "8080"', '    environment:', '      FOO: BAR', '      KEEP: "1"'].join('\n'),
    'compose.yaml',
  );

  it('!reset removes the base value and the key', () => {
    const override = yaml('services:\n  app:\n    ports: !reset []\n    environment:\n      FOO: !reset null\n', 'override.yaml');
    expect(mergeDocuments(base, override)).toEqual({ services: { app: { image: 'myapp', environment: { KEEP: '1' } } } });
  });

  it('!reset over nothing leaves nothing', () => {
    const override = yaml('services:\n  app:\n    dns: !reset []\n', 'override.yaml');
    expect(read(mergeDocuments(base, override), 'services.app')).not.toHaveProperty('dns');
    expect(mergeDocuments({}, override)).toEqual({ services: { app: {} } });
  });

  it('!override replaces the base value whole', () => {
    const override = yaml('services:\n  app:\n    ports: !override\n      - target: 443\n        published: "8443"\n    environment: !override {ONLY: "1"}\n', 'override.yaml');
    expect(read(mergeDocuments(base, override), 'services.app')).toEqual({
      image: 'myapp',
      ports: [{ target: 443, published: '8443' }],
      environment: { ONLY: '1' },
    });
  });

  it('!override lets a scalar replace a mapping', () => {
    const override = yaml('services:\n  app:\n    environment: !override NONE\n', 'override.yaml');
    expect(read(mergeDocuments(base, override), 'services.app.environment')).toBe('NONE');
  });

  it('leaves no tags in the result, unless asked to keep them for a later merge', () => {
    const override = yaml('services:\n  app:\n    ports: !reset []\n    environment: !override {A: "1"}\n', 'override.yaml');
    const plain = mergeDocuments(base, override);
    const app = read(plain, 'services.app') as JsonObject;
    expect(mergeTagOf(app, 'environment')).toBeUndefined();

    const kept = read(mergeDocuments(base, override, { keepTags: true }), 'services.app') as JsonObject;
    expect(kept.ports).toEqual([]);
    expect(mergeTagOf(kept, 'ports')).toBe('reset');
    expect(mergeTagOf(kept, 'environment')).toBe('override');
    // Merged again over the first file, the kept tags act there too.
    expect(read(mergeDocuments(base, { services: { app: kept } }), 'services.app')).toEqual({ image: 'myapp', environment: { A: '1' } });
  });
});

describe('mergeDocuments: positions', () => {
  const base = yaml('services:\n  web:\n    image: nginx\n    user: root\n    dns:\n      - 1.1.1.1\n', 'base.yaml');
  const override = yaml('services:\n  web:\n    image: caddy\n    dns:\n      - 8.8.8.8\n', 'override.yaml');
  const merged = mergeDocuments(base, override);

  it('reports the override file and line for a value the override set', () => {
    expect(locate(merged, ['services', 'web', 'image'])).toEqual({ file: 'override.yaml', line: 3, column: 12 });
  });

  it('reports the base file for values only the base set', () => {
    expect(locate(merged, ['services', 'web', 'user'])).toEqual({ file: 'base.yaml', line: 4, column: 11 });
    expect(locate(merged, ['services', 'web'])).toMatchObject({ file: 'base.yaml', line: 3 });
  });

  it('keeps each appended item at the line of the file that wrote it', () => {
    const dns = read(merged, 'services.web.dns') as Json[];
    expect(positionOf(dns, 0)).toMatchObject({ file: 'base.yaml', line: 6 });
    expect(positionOf(dns, 1)).toMatchObject({ file: 'override.yaml', line: 5 });
  });

  it('points a port merged by key at the override that changed it last', () => {
    const a = yaml('services:\n  web:\n    ports:\n      - target: 80\n        published: "80"\n', 'a.yaml');
    const b = yaml('services:\n  web:\n    ports:\n      - target: 80\n        published: "80"\n        mode: host\n', 'b.yaml');
    const ports = read(mergeDocuments(a, b), 'services.web.ports') as JsonObject[];
    expect(ports[0]?.mode).toBe('host');
    expect(locate(ports, [0, 'mode'])).toMatchObject({ file: 'b.yaml', line: 6 });
    expect(locate(ports, [0, 'target'])).toMatchObject({ file: 'b.yaml', line: 4 });
  });
});

describe('mergeService', () => {
  it('applies the rules of services.<name> to one service', () => {
    const merged = mergeService(
      { image: 'a', command: ['x', 'y'], cap_add: ['NET_ADMIN'] },
      { command: ['z'], cap_add: ['NET_ADMIN', 'SYS_TIME'] },
      'cli',
    );
    expect(merged).toEqual({ image: 'a', command: ['z'], cap_add: ['NET_ADMIN', 'SYS_TIME'] });
  });
});

describe('withoutMergeTags', () => {
  it('drops !reset entries and every tag', () => {
    const document = yaml('services:\n  web:\n    ports: !reset []\n    environment: !override {A: "1"}\n', 'c.yaml');
    const clean = withoutMergeTags(document);
    const web = read(clean, 'services.web') as JsonObject;
    expect(web).toEqual({ environment: { A: '1' } });
    expect(mergeTagOf(web, 'environment')).toBeUndefined();
    expect(locate(clean, ['services', 'web', 'environment', 'A'])).toMatchObject({ file: 'c.yaml', line: 4 });
  });
});
