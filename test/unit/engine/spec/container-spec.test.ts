import { describe, expect, it } from 'vitest';
import {
  containerCreateBody,
  seccompProfilePaths,
  serviceImageReference,
} from '../../../../src/engine/spec/container-spec.js';
import { ContainerSpecError } from '../../../../src/engine/spec/spec-error.js';
import type { RestartPolicy } from '../../../../src/model/index.js';
import { configRecordHash, serviceConfigHash, serviceConfigRecord } from '../../../../src/model/config-hash.js';
import { project, service, specInput, WEB_LABELS } from './spec-input.js';

const DEFAULT_NETWORK = {
  NetworkingConfig: { EndpointsConfig: { shop_default: { Aliases: ['shop-web-1', 'web'] } } },
};

describe('containerCreateBody: the smallest service', () => {
  it('is the image, the compose labels and the default network', () => {
    expect(containerCreateBody(specInput(service()))).toEqual({
      Image: 'busybox:1.36',
      AttachStdout: true,
      AttachStderr: true,
      Labels: WEB_LABELS,
      HostConfig: { NetworkMode: 'shop_default' },
      ...DEFAULT_NETWORK,
    });
  });
});

describe('serviceImageReference', () => {
  it('is the image, or <project>-<service> for a service that is only built', () => {
    expect(serviceImageReference('shop', 'web', { image: 'nginx:1.27' })).toBe('nginx:1.27');
    expect(serviceImageReference('shop', 'web', {})).toBe('shop-web');
    const built = service({ image: undefined, build: { context: '/srv/shop/web' } });
    expect(containerCreateBody(specInput(built)).Image).toBe('shop-web');
  });
});

describe('containerCreateBody: command, entrypoint, environment', () => {
  it('leaves Cmd and Entrypoint out when null, so the image keeps its own', () => {
    const body = containerCreateBody(specInput(service()));
    expect(body).not.toHaveProperty('Cmd');
    expect(body).not.toHaveProperty('Entrypoint');
  });

  it('sends them as written, an empty list included', () => {
    const body = containerCreateBody(specInput(service({ command: ['nginx', '-g', 'daemon off;'], entrypoint: [] })));
    expect(body.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(body.Entrypoint).toEqual([]);
  });

  it('writes K=V and leaves out a variable without a value', () => {
    const web = service({ environment: { A: '1', EMPTY: '', MISSING: null, URL: 'a=b' } });
    expect(containerCreateBody(specInput(web)).Env).toEqual(['A=1', 'EMPTY=', 'URL=a=b']);
    expect(containerCreateBody(specInput(service({ environment: { MISSING: null } })))).not.toHaveProperty('Env');
  });
});

describe('containerCreateBody: process settings', () => {
  it('maps user, directories, names, terminal and stopping', () => {
    const web = service({
      user: '1000:1000',
      working_dir: '/app',
      hostname: 'storefront',
      domainname: 'shop.test',
      tty: true,
      stdin_open: true,
      stop_signal: 'SIGQUIT',
      stop_grace_period: '1m30s',
      mac_address: '02:42:ac:11:00:02',
    });
    const body = containerCreateBody(specInput(web));
    expect(body).toMatchObject({
      User: '1000:1000',
      WorkingDir: '/app',
      Hostname: 'storefront',
      Domainname: 'shop.test',
      Tty: true,
      OpenStdin: true,
      StopSignal: 'SIGQUIT',
      StopTimeout: 90,
      MacAddress: '02:42:ac:11:00:02',
    });
  });

  it('cuts a grace period to whole seconds', () => {
    expect(containerCreateBody(specInput(service({ stop_grace_period: '2.5s' }))).StopTimeout).toBe(2);
  });

  it('ignores platform, which is a query parameter of the create call', () => {
    expect(containerCreateBody(specInput(service({ platform: 'linux/arm64' })))).toEqual(
      containerCreateBody(specInput(service())),
    );
  });
});

describe('containerCreateBody: labels', () => {
  it('puts the compose labels over the service labels', () => {
    const web = service({ labels: { 'com.example.team': 'shop', 'com.docker.compose.project': 'spoofed' } });
    expect(containerCreateBody(specInput(web)).Labels).toEqual({ 'com.example.team': 'shop', ...WEB_LABELS });
  });

  it('writes the dependencies, the env files and the replaced container', () => {
    const web = service({
      depends_on: {
        db: { condition: 'service_healthy', required: true },
        cache: { condition: 'service_started', restart: true, required: true },
      },
    });
    const labels = containerCreateBody(
      specInput(web, { environmentFiles: ['/srv/shop/.env.prod', '/srv/shop/.env.local'], replaces: 'abc123', number: 2 }),
    ).Labels;
    expect(labels).toEqual({
      ...WEB_LABELS,
      'com.docker.compose.depends_on': 'cache:service_started:true,db:service_healthy:false',
      'com.docker.compose.project.environment_file': '/srv/shop/.env.prod,/srv/shop/.env.local',
      'com.docker.compose.replace': 'abc123',
      'com.docker.compose.container-number': '2',
    });
  });

  it("keeps the record of what the config hash was made of under berth's own label, hashing to the same hash", () => {
    const web = service({ environment: { GREETING: 'hello' } });
    const configRecord = serviceConfigRecord(web);
    const labels = containerCreateBody(specInput(web, { configHash: serviceConfigHash(web), configRecord })).Labels ?? {};
    expect(labels['dev.berth.config']).toBe(configRecord);
    expect(JSON.parse(configRecord)).toMatchObject({ environment: { GREETING: 'hello' } });
    expect(configRecordHash(labels['dev.berth.config'] ?? '')).toBe(labels['com.docker.compose.config-hash']);
    expect(Object.keys(labels).filter((key) => !key.startsWith('com.docker.compose.'))).toEqual(['dev.berth.config']);
  });

  it('marks a one-off container, with its slug and no number', () => {
    const slug = 'f'.repeat(64);
    const body = containerCreateBody(specInput(service(), { oneOff: true, slug }));
    const expected: Record<string, string> = {
      ...WEB_LABELS,
      'com.docker.compose.oneoff': 'True',
      'com.docker.compose.slug': slug,
    };
    delete expected['com.docker.compose.container-number'];
    expect(body.Labels).toEqual(expected);
    // `run` uses neither the service name nor the aliases on its networks unless asked.
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { shop_default: { Aliases: ['shop-web-run-ffffffffffff'] } } });
  });

  it('needs a slug or a name for a one-off container', () => {
    expect(() => containerCreateBody(specInput(service(), { oneOff: true }))).toThrow(ContainerSpecError);
    const named = containerCreateBody(specInput(service(), { oneOff: true, name: 'adhoc', useNetworkAliases: true }));
    expect(named.NetworkingConfig).toEqual({ EndpointsConfig: { shop_default: { Aliases: ['adhoc', 'web'] } } });
  });
});

describe('containerCreateBody: healthcheck', () => {
  it('converts the durations to nanoseconds', () => {
    const web = service({
      healthcheck: {
        test: ['CMD', 'curl', '-f', 'http://localhost'],
        interval: '1m30s',
        timeout: '10s',
        retries: 3,
        start_period: '40s',
        start_interval: '5s',
      },
    });
    expect(containerCreateBody(specInput(web)).Healthcheck).toEqual({
      Test: ['CMD', 'curl', '-f', 'http://localhost'],
      Interval: 90_000_000_000,
      Timeout: 10_000_000_000,
      Retries: 3,
      StartPeriod: 40_000_000_000,
      StartInterval: 5_000_000_000,
    });
  });

  it('sends only what is set, so the engine keeps the image values for the rest', () => {
    expect(containerCreateBody(specInput(service({ healthcheck: { interval: '5s' } }))).Healthcheck).toEqual({
      Interval: 5_000_000_000,
    });
  });

  it('turns the image check off with disable: true', () => {
    const web = service({ healthcheck: { test: ['CMD', 'true'], interval: '5s', disable: true } });
    expect(containerCreateBody(specInput(web)).Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('names the field of a duration it cannot read', () => {
    const web = service({ healthcheck: { interval: '${INTERVAL}' } });
    expect(() => containerCreateBody(specInput(web))).toThrow('services.web.healthcheck.interval: "${INTERVAL}" is not a duration');
  });
});

describe('containerCreateBody: restart policy', () => {
  const restartOf = (fields: Parameters<typeof service>[0]): unknown =>
    containerCreateBody(specInput(service(fields))).HostConfig.RestartPolicy;

  it('maps each restart value', () => {
    expect(restartOf({})).toBeUndefined();
    expect(restartOf({ restart: 'no' })).toEqual({ Name: 'no' });
    expect(restartOf({ restart: 'always' })).toEqual({ Name: 'always' });
    expect(restartOf({ restart: 'unless-stopped' })).toEqual({ Name: 'unless-stopped' });
    expect(restartOf({ restart: 'on-failure' })).toEqual({ Name: 'on-failure' });
    expect(restartOf({ restart: 'on-failure:5' })).toEqual({ Name: 'on-failure', MaximumRetryCount: 5 });
  });

  it('prefers deploy.restart_policy, whose condition defaults to any', () => {
    const deploy = (restart_policy: RestartPolicy): Parameters<typeof service>[0] => ({
      restart: 'always',
      deploy: { resources: {}, placement: {}, restart_policy },
    });
    expect(restartOf(deploy({ condition: 'on-failure', max_attempts: 3 }))).toEqual({
      Name: 'on-failure',
      MaximumRetryCount: 3,
    });
    expect(restartOf(deploy({ condition: 'none' }))).toEqual({ Name: 'no' });
    expect(restartOf(deploy({ delay: '5s' }))).toEqual({ Name: 'always' });
    expect(restartOf(deploy({ condition: 'any', max_attempts: 3 }))).toEqual({ Name: 'always' });
  });

  it('refuses a policy it does not know', () => {
    expect(() => restartOf({ restart: 'sometimes' })).toThrow('services.web.restart: unknown restart policy "sometimes"');
    expect(() => restartOf({ restart: 'on-failure:x' })).toThrow(ContainerSpecError);
  });
});

describe('containerCreateBody: host settings', () => {
  it('maps names, DNS, capabilities, namespaces and kernel settings', () => {
    const web = service({
      extra_hosts: ['db.local=10.0.0.5', 'ip6.local=::1'],
      dns: ['1.1.1.1', '8.8.8.8'],
      dns_search: ['shop.test'],
      dns_opt: ['ndots:2'],
      cap_add: ['NET_ADMIN'],
      cap_drop: ['MKNOD'],
      security_opt: ['no-new-privileges:true', 'seccomp=unconfined'],
      group_add: ['mail', '1001'],
      ipc: 'shareable',
      pid: 'host',
      uts: 'host',
      userns_mode: 'host',
      cgroup: 'private',
      privileged: true,
      read_only: true,
      init: true,
      oom_score_adj: -500,
      shm_size: '67108864',
      sysctls: { 'net.core.somaxconn': '1024' },
      storage_opt: { size: '1G' },
      tmpfs: ['/run:size=64m,mode=1777', '/cache'],
      runtime: 'runc',
      isolation: 'default',
      annotations: { 'com.example.note': 'x' },
      logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
    });
    const { HostConfig } = containerCreateBody(specInput(web));
    expect(HostConfig).toEqual({
      NetworkMode: 'shop_default',
      ExtraHosts: ['db.local:10.0.0.5', 'ip6.local:::1'],
      Dns: ['1.1.1.1', '8.8.8.8'],
      DnsSearch: ['shop.test'],
      DnsOptions: ['ndots:2'],
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['MKNOD'],
      SecurityOpt: ['no-new-privileges:true', 'seccomp=unconfined'],
      GroupAdd: ['mail', '1001'],
      IpcMode: 'shareable',
      PidMode: 'host',
      UTSMode: 'host',
      UsernsMode: 'host',
      CgroupnsMode: 'private',
      Privileged: true,
      ReadonlyRootfs: true,
      Init: true,
      OomScoreAdj: -500,
      ShmSize: 67_108_864,
      Sysctls: { 'net.core.somaxconn': '1024' },
      StorageOpt: { size: '1G' },
      Tmpfs: { '/run': 'size=64m,mode=1777', '/cache': '' },
      Runtime: 'runc',
      Isolation: 'default',
      Annotations: { 'com.example.note': 'x' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
    });
  });

  it('sends init: false as written, to override an engine that inits by default', () => {
    expect(containerCreateBody(specInput(service({ init: false }))).HostConfig.Init).toBe(false);
  });

  it('sends a logging block without a driver as the engine default', () => {
    const web = service({ logging: { options: { 'max-size': '1m' } } });
    expect(containerCreateBody(specInput(web)).HostConfig.LogConfig).toEqual({ Type: '', Config: { 'max-size': '1m' } });
  });

  it('shares the namespaces of another service through its first container', () => {
    const web = service({ ipc: 'service:db', pid: 'service:db' });
    const host = containerCreateBody(specInput(web)).HostConfig;
    expect(host.IpcMode).toBe('container:shop-db-1');
    expect(host.PidMode).toBe('container:shop-db-1');
    const named = specInput(web, { project: project({ web, db: service({ container_name: 'database' }) }) });
    expect(containerCreateBody(named).HostConfig.IpcMode).toBe('container:database');
    const running = specInput(web, { serviceContainers: { db: ['shop-db-2', 'shop-db-3'] } });
    expect(containerCreateBody(running).HostConfig.PidMode).toBe('container:shop-db-2');
  });

  it('adds a credential spec as a security option', () => {
    const web = service({ credential_spec: { file: 'spec.json' } });
    expect(containerCreateBody(specInput(web)).HostConfig.SecurityOpt).toEqual(['credentialspec=file://spec.json']);
  });
});

describe('containerCreateBody: seccomp profiles', () => {
  const web = service({ security_opt: ['seccomp=/srv/shop/seccomp.json', 'seccomp:unconfined', 'label=disable'] });

  it('lists the profile files to read', () => {
    expect(seccompProfilePaths(web)).toEqual(['/srv/shop/seccomp.json']);
    expect(seccompProfilePaths(service({ security_opt: ['seccomp:/a.json', 'seccomp=builtin'] }))).toEqual(['/a.json']);
    expect(seccompProfilePaths(service())).toEqual([]);
  });

  it('sends the profile content in place of its path', () => {
    const profile = '{"defaultAction":"SCMP_ACT_ALLOW"}';
    const body = containerCreateBody(specInput(web, { seccompProfiles: { '/srv/shop/seccomp.json': profile } }));
    expect(body.HostConfig.SecurityOpt).toEqual([`seccomp=${profile}`, 'seccomp:unconfined', 'label=disable']);
  });

  it('refuses a profile that was not read', () => {
    expect(() => containerCreateBody(specInput(web))).toThrow('the seccomp profile /srv/shop/seccomp.json was not read');
  });
});

describe('containerCreateBody: volumes_from and links', () => {
  it('takes volumes from the first container of a service, or a container as named', () => {
    const web = service({ volumes_from: ['db', 'cache:ro', 'service:logs:rw', 'container:legacy', 'container:other:ro'] });
    const input = specInput(web, {
      project: project({ web, db: service(), cache: service({ container_name: 'redis' }), logs: service() }),
      serviceContainers: { logs: ['shop-logs-4'] },
    });
    expect(containerCreateBody(input).HostConfig.VolumesFrom).toEqual([
      'shop-db-1',
      'redis:ro',
      'shop-logs-4:rw',
      'legacy',
      'other:ro',
    ]);
  });

  it('refuses a volumes_from service with no container', () => {
    const web = service({ volumes_from: ['db'] });
    expect(() => containerCreateBody(specInput(web, { serviceContainers: { db: [] } }))).toThrow(
      'services.web.volumes_from: service "db" has no container',
    );
  });

  it('links every container of the service under the alias, <svc>-<n> and <project>-<svc>-<n>', () => {
    const web = service({ links: ['db:database', 'cache'], external_links: ['legacy_redis:redis', 'metrics'] });
    const input = specInput(web, { number: 2, serviceContainers: { db: ['shop-db-1', 'shop-db-2'] } });
    const links = [
      'shop-db-1:database',
      'shop-db-1:db-2',
      'shop-db-1:shop-db-2',
      'shop-db-2:database',
      'shop-db-2:db-2',
      'shop-db-2:shop-db-2',
      'shop-cache-1:cache',
      'shop-cache-1:cache-2',
      'shop-cache-1:shop-cache-2',
      'legacy_redis:redis',
      'metrics:metrics',
    ];
    const body = containerCreateBody(input);
    expect(body.HostConfig.Links).toEqual(links);
    expect(body.NetworkingConfig?.EndpointsConfig.shop_default?.Links).toEqual(links);
  });
});
