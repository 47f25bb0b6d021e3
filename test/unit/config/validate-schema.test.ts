import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import type { JsonObject } from '../../../src/config/json.js';
import { parseCompose } from '../../../src/config/parse.js';
import { validateSchema } from '../../../src/config/validate-schema.js';

// The validator is generated: run `node scripts/compile-schema.mjs` before these tests.

function documentOf(text: string): JsonObject {
  const [document] = parseCompose(text, 'compose.yaml');
  if (!document) throw new Error('no document');
  return document.data;
}

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

function faultOf(text: string): ConfigError {
  try {
    validateSchema(documentOf(text), 'compose.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

function expectValid(text: string): void {
  expect(() => validateSchema(documentOf(text), 'compose.yaml')).not.toThrow();
}

describe('validateSchema accepts', () => {
  it('the top level, obsolete version and extensions included', () => {
    expectValid(lines(
      'version: "3.8"',
      'name: shop',
      'x-common: &common {restart: always}',
      'include:',
      '  - ../commons/compose.yaml',
      '  - path: [a.yaml, b.yaml]',
      '    project_directory: ..',
      '    env_file: ../other/.env',
      'services:',
      '  web:',
      '    image: nginx',
      '    x-owner: team-a',
      '    <<: *common',
      'networks:',
      '  front:',
      '  back: {driver: bridge, x-note: 1}',
      'volumes:',
      '  data:',
      '  ext: {external: true, name: other}',
      'secrets:',
      '  token: {file: ./token.txt}',
      '  env: {environment: TOKEN}',
      'configs:',
      '  conf: {content: "a=b"}',
      'models:',
      '  llm: {model: ai/smollm2, context_size: 4096, runtime_flags: ["--verbose"]}',
    ));
    expectValid('version: 3\nservices: {}\n');
  });

  it('services in short syntax', () => {
    expectValid(lines(
      'services:',
      '  app:',
      '    build: ./dir',
      '    command: echo hi',
      '    entrypoint: [/bin/sh, -c]',
      '    environment: [A=1, B]',
      '    env_file: .env',
      '    labels: [com.example=1]',
      '    ports: [80, "3000-3005", "8000:8000", "127.0.0.1:8001:8001", "[::1]:6001:6001", "6060:6060/udp"]',
      '    expose: ["3000", 8000, "8080-8085/tcp"]',
      '    volumes: ["./src:/src:ro", "data:/data", "/anon"]',
      '    depends_on: [db]',
      '    networks: [front]',
      '    secrets: [token]',
      '    configs: [conf]',
      '    extra_hosts: ["somehost=162.242.195.82", "myhostv6=::1"]',
      '    dns: 8.8.8.8',
      '    tmpfs: /run',
      '    devices: ["/dev/ttyUSB0:/dev/ttyUSB0"]',
      '    models: [llm]',
      '    gpus: all',
      '    extends: base',
      '    restart: on-failure:3',
      '    pull_policy: every_12h',
      '    mem_limit: 1gb',
      '    shm_size: 64m',
      '    stop_grace_period: 1m30s',
      '    ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}',
    ));
  });

  it('services in long syntax, with values interpolation left as strings', () => {
    expectValid(lines(
      'services:',
      '  app:',
      '    build:',
      '      context: .',
      '      dockerfile: Dockerfile.dev',
      '      args: {VERSION: 1, DEBUG: null}',
      '      ssh: [default]',
      '      secrets: [{source: token, target: cert, uid: "103", mode: 0440}]',
      '      shm_size: "2gb"',
      '      ulimits: {nofile: {soft: 1, hard: 2}}',
      '      additional_contexts: {base: "service:base"}',
      '      provenance: mode=max',
      '      platforms: [linux/amd64]',
      '      extra_hosts: {somehost: ["1.2.3.4", "::1"]}',
      '    environment: {A: "1", B: 2, C: true, D: null}',
      '    env_file: [{path: ./a.env, required: false, format: raw}, ./b.env]',
      '    ports:',
      '      - {name: web, target: 80, host_ip: 127.0.0.1, published: "8080", protocol: tcp, app_protocol: http, mode: host}',
      '      - {target: "443", published: "8083-9000"}',
      '    volumes:',
      '      - {type: bind, source: ./static, target: /static, read_only: "true", bind: {create_host_path: true, selinux: z}}',
      '      - {type: volume, source: data, target: /data, volume: {nocopy: true, subpath: sub}}',
      '      - {type: tmpfs, target: /tmp, tmpfs: {size: 10m, mode: 1777}}',
      '      - {type: image, source: alpine, target: /img, image: {subpath: etc}}',
      '    depends_on:',
      '      db: {condition: service_healthy, restart: true, required: false}',
      '    networks:',
      '      front: {aliases: [www], ipv4_address: 172.16.238.10, priority: 1000, gw_priority: 1}',
      '      back:',
      '    secrets: [{source: token, target: /run/secrets/t, mode: "0400"}]',
      '    healthcheck: {test: [CMD, curl, -f, http://localhost], interval: 1m30s, timeout: 10s, retries: 3, start_period: 40s, start_interval: 5s}',
      '    logging: {driver: json-file, options: {max-size: 10m, max-file: 3}}',
      '    extends: {service: base, file: common.yaml}',
      '    post_start: [{command: ./hook.sh, user: root, privileged: true, environment: [FOO=BAR]}]',
      '    pre_stop: [{command: [./drain.sh]}]',
      '    pre_start: [{command: ["./manage.py", "migrate"]}, {image: busybox, command: "chown -R 1000 /data", per_replica: true}]',
      '    provider: {type: awesomecloud, options: {type: mysql, flags: [a, 1, true]}}',
      '    models: {llm: {endpoint_var: MODEL_URL, model_var: MODEL}}',
      '    gpus: [{driver: 3dfx, count: 2}]',
      '    cpus: "0.5"',
      '    cpu_count: "2"',
      '    scale: "3"',
      '    privileged: "true"',
      '    memswap_limit: -1',
      '    oom_score_adj: -500',
      '    blkio_config: {weight: 300, device_read_bps: [{path: /dev/sda, rate: 12mb}], device_read_iops: [{path: /dev/sda, rate: 120}]}',
      '    credential_spec: {config: my_credential_spec}',
      '    sysctls: {net.core.somaxconn: 1024}',
      '    storage_opt: {size: 1G}',
      '    use_api_socket: true',
    ));
  });

  it('deploy and develop', () => {
    expectValid(lines(
      'services:',
      '  app:',
      '    image: app',
      '    deploy:',
      '      mode: replicated',
      '      replicas: 6',
      '      endpoint_mode: vip',
      '      labels: {com.example.description: web}',
      '      placement: {constraints: [disktype=ssd], preferences: [{spread: node.labels.zone}], max_replicas_per_node: 1}',
      '      resources:',
      '        limits: {cpus: "0.50", memory: 50M, pids: 1}',
      '        reservations:',
      '          cpus: 0.25',
      '          memory: 20M',
      '          devices: [{capabilities: [gpu], driver: nvidia, count: all, options: {virtualization: false}}]',
      '          generic_resources: [{discrete_resource_spec: {kind: gpu, value: 2}}]',
      '      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 120s}',
      '      update_config: {parallelism: 2, delay: 10s, order: stop-first, failure_action: rollback, monitor: 0s, max_failure_ratio: 0.1}',
      '      rollback_config: {parallelism: 0, order: start-first}',
      '    develop:',
      '      watch:',
      '        - {path: ./src, action: rebuild, include: "*.go"}',
      '        - {path: ./etc, action: sync+exec, target: /etc/config, exec: {command: app reload}, ignore: [node_modules/], initial_sync: true}',
      '  other:',
      '    image: other',
      '    deploy:',
      '    develop:',
    ));
  });

  it('top-level resources in long syntax', () => {
    expectValid(lines(
      'networks:',
      '  mynet:',
      '    driver: overlay',
      '    driver_opts: {com.docker.network.bridge.host_binding_ipv4: "127.0.0.1", mtu: 1400}',
      '    attachable: true',
      '    enable_ipv6: "true"',
      '    internal: false',
      '    labels: [com.example=1]',
      '    ipam:',
      '      driver: default',
      '      config: [{subnet: 172.28.0.0/16, ip_range: 172.28.5.0/24, gateway: 172.28.5.254, aux_addresses: {host1: 172.28.1.5}}]',
      '      options: {foo: bar}',
      '  outside: {external: true}',
      '  legacy: {external: {name: actual}}',
      'volumes:',
      '  db: {driver: local, driver_opts: {type: nfs, o: "addr=10.40.0.199,nolock,soft,rw"}, labels: {a: b}}',
      'secrets:',
      '  cert: {external: true, name: "${CERT_NAME}"}',
      'configs:',
      '  http: {file: ./httpd.conf, template_driver: golang}',
    ));
  });
});

describe('validateSchema rejects, pointing at the line', () => {
  it('an unknown service key, suggesting the near one', () => {
    const error = faultOf(lines('services:', '  web:', '    image: nginx', '    portz:', '      - "80:80"'));
    expect(error.message).toBe('compose.yaml:4:5: services.web.portz: additional property "portz" is not allowed');
    expect(error.reason).toBe('additional property "portz" is not allowed');
    expect(error.hint).toBe('did you mean "ports"?');
    expect([error.file, error.line, error.column]).toEqual(['compose.yaml', 4, 5]);
    expect(error.path).toEqual(['services', 'web', 'portz']);
  });

  it('an unknown top-level key', () => {
    const error = faultOf(lines('servces:', '  web:', '    image: nginx'));
    expect(error.message).toBe('compose.yaml:1:1: servces: additional property "servces" is not allowed');
    expect(error.hint).toBe('did you mean "services"?');
  });

  it('an unknown key with no near name, explaining extensions', () => {
    const error = faultOf(lines('services:', '  web:', '    logging:', '      helicopters: 3'));
    expect(error.reason).toBe('additional property "helicopters" is not allowed');
    expect(error.hint).toBe('allowed here: driver, options; custom keys must start with "x-"');
    expect([error.line, error.column]).toEqual([4, 7]);
  });

  it('a value of the wrong type', () => {
    const error = faultOf(lines('services:', '  web:', '    image: nginx', '    ports:', '      - [80]'));
    expect(error.message).toBe('compose.yaml:5:9: services.web.ports[0]: must be an integer, string or mapping');
    const mapping = faultOf(lines('services:', '  web:', '    environment: 3'));
    expect(mapping.message).toBe('compose.yaml:3:18: services.web.environment: must be a mapping or array');
    const service = faultOf(lines('services:', '  web: nginx'));
    expect(service.message).toBe('compose.yaml:2:8: services.web: must be a mapping');
  });

  it('a malformed duration', () => {
    const error = faultOf(lines('services:', '  web:', '    healthcheck:', '      interval: 10x'));
    expect(error.message).toBe(
      'compose.yaml:4:17: services.web.healthcheck.interval: invalid duration "10x": unknown unit "x" (use ns, us, ms, s, m or h)',
    );
    expect(error.hint).toBe('durations look like 10s, 1m30s, 1.5h or 100ms');
    const number = faultOf(lines('services:', '  web:', '    stop_grace_period: 10'));
    expect(number.reason).toBe('must be a string');
  });

  it('a malformed byte size', () => {
    const error = faultOf(lines('services:', '  web:', '    deploy:', '      resources:', '        limits:', '          memory: 1qb'));
    expect(error.message).toMatch(/^compose\.yaml:6:19: services\.web\.deploy\.resources\.limits\.memory: invalid byte size "1qb"/);
    expect(error.hint).toMatch(/^sizes look like/);
  });

  it('a port out of range, in both syntaxes', () => {
    const short = faultOf(lines('services:', '  web:', '    ports: ["99999:80"]'));
    expect(short.message).toBe('compose.yaml:3:13: services.web.ports[0]: invalid port "99999:80": port 99999 is out of range (0-65535)');
    const number = faultOf(lines('services:', '  web:', '    ports:', '      - 80', '      - 70000'));
    expect(number.message).toBe('compose.yaml:5:9: services.web.ports[1]: must be <= 65535 (found 70000)');
    const long = faultOf(lines('services:', '  web:', '    ports:', '      - target: 80', '        published: "65536"'));
    expect(long.message).toBe(
      'compose.yaml:5:20: services.web.ports[0].published: invalid port or port range "65536": port 65536 is out of range (0-65535)',
    );
  });

  it('a malformed port', () => {
    const error = faultOf(lines('services:', '  web:', '    ports:', '      - "9090-9092:8080-8081"'));
    expect(error.reason).toBe('invalid port "9090-9092:8080-8081": the host range 9090-9092 and the container range 8080-8081 differ in length');
    expect([error.line, error.column]).toEqual([4, 9]);
    expect(error.hint).toMatch(/^ports look like/);
  });

  it('a bad expose entry', () => {
    const error = faultOf(lines('services:', '  web:', '    expose:', '      - "80/tcpx"'));
    expect(error.message).toBe('compose.yaml:4:9: services.web.expose[0]: invalid port "80/tcpx": unknown protocol "tcpx" (use tcp, udp or sctp)');
  });

  it('a value outside an enumeration, suggesting the near one', () => {
    const error = faultOf(lines('services:', '  web:', '    depends_on:', '      db:', '        condition: service_healty'));
    expect(error.message).toBe(
      'compose.yaml:5:20: services.web.depends_on.db.condition: must be one of "service_started", "service_healthy" or "service_completed_successfully"',
    );
    expect(error.hint).toBe('did you mean "service_healthy"?');
  });

  it('a restart policy docker would refuse (the spec leaves restart a free string)', () => {
    const error = faultOf(lines('services:', '  web:', '    restart: sometimes'));
    expect(error.message).toMatch(/^compose\.yaml:3:14: services\.web\.restart: invalid restart policy "sometimes"/);
  });

  it('a missing required key, at the mapping that lacks it', () => {
    const error = faultOf(lines('services:', '  web:', '    depends_on:', '      db:', '        restart: true'));
    expect(error.message).toBe('compose.yaml:4:7: services.web.depends_on.db: missing required property "condition"');
  });

  it('a name the resource maps do not allow', () => {
    const error = faultOf(lines('services:', '  "my web":', '    image: nginx'));
    expect(error.message).toBe('compose.yaml:2:3: services.my web: invalid name "my web": use only letters, digits, ".", "_" and "-"');
  });

  it('short or long syntax by the value type, without noise from the other form', () => {
    const word = faultOf(lines('services:', '  web:', '    gpus: some'));
    expect(word.message).toBe('compose.yaml:3:11: services.web.gpus: must be one of "all"');
    const long = faultOf(lines('services:', '  web:', '    gpus:', '      - count: 1', '        drivr: nvidia'));
    expect(long.message).toBe('compose.yaml:5:9: services.web.gpus[0].drivr: additional property "drivr" is not allowed');
    expect(long.hint).toBe('did you mean "driver"?');
    const neither = faultOf(lines('services:', '  web:', '    gpus: {count: 1}'));
    expect(neither.reason).toBe('must be a string or array');
    const build = faultOf(lines('services:', '  web:', '    build:', '      context: .', '      dockerfil: Dockerfile'));
    expect(build.reason).toBe('additional property "dockerfil" is not allowed');
    expect(build.hint).toBe('did you mean "dockerfile"?');
  });

  it('strings where a boolean or number is meant, unless they read as one', () => {
    expect(faultOf(lines('services:', '  web:', '    privileged: maybe')).reason).toBe('invalid boolean "maybe": expected true or false');
    expect(faultOf(lines('services:', '  web:', '    scale: many')).reason).toBe('invalid whole number "many": expected a whole number');
  });

  it('names the fallback file when the document carries no positions', () => {
    expect(() => validateSchema({ services: { web: { portz: [] } } }, 'other.yaml')).toThrow(
      'other.yaml: services.web.portz: additional property "portz" is not allowed',
    );
  });
});

describe('validateSchema on a large document', () => {
  // How fast, bench/config.mjs measures; here, that a large valid document passes, again and again.
  it('accepts a 200-service document, every time', () => {
    const services: JsonObject = {};
    for (let index = 0; index < 200; index += 1) {
      services[`svc${index}`] = {
        image: `registry.example/app:${index}`,
        command: ['serve', '--port', '8080'],
        environment: { INDEX: String(index), MODE: 'production', DEBUG: null },
        ports: [`${10000 + index}:8080`, { target: 9090, published: String(20000 + index) }],
        volumes: ['data:/data', { type: 'bind', source: './conf', target: '/conf', read_only: true }],
        depends_on: index === 0 ? [] : { [`svc${index - 1}`]: { condition: 'service_healthy' } },
        healthcheck: { test: ['CMD', 'true'], interval: '10s', timeout: '2s', retries: 3 },
        deploy: { resources: { limits: { cpus: '0.5', memory: '512m' } }, restart_policy: { condition: 'on-failure' } },
        labels: ['com.example.tier=web'],
        restart: 'unless-stopped',
      };
    }
    const document: JsonObject = { services, volumes: { data: null } };
    for (let run = 0; run < 3; run += 1) expect(() => validateSchema(document, 'big.yaml')).not.toThrow();
  });
});
