import { describe, expect, it } from 'vitest';
import {
  containerCreateBody,
  containerFiles,
  extraNetworkAttachments,
  type ContainerSpecInput,
} from '../../../../src/engine/spec/container-spec.js';
import { networkCreateBody } from '../../../../src/engine/spec/network-spec.js';
import { resourceConfigHash } from '../../../../src/engine/spec/resource-hash.js';
import { volumeCreateBody } from '../../../../src/engine/spec/volume-spec.js';
import { serviceConfigHash } from '../../../../src/model/config-hash.js';
import type { ComposeProject } from '../../../../src/model/index.js';

// examples/webapp as the loader prints it, with a few more of the options such a stack uses.
const PROJECT: ComposeProject = {
  name: 'berth-webapp',
  services: {
    cache: {
      build: { context: '/srv/webapp/cache', dockerfile: 'Dockerfile' },
      command: ['redis-server', '--appendonly', 'yes'],
      entrypoint: null,
      healthcheck: { test: ['CMD', 'redis-cli', 'ping'], timeout: '2s', interval: '2s', retries: 15 },
      image: 'berth-example/cache:latest',
      networks: { back: null },
      volumes: [{ type: 'volume', target: '/data', volume: {} }],
    },
    db: {
      build: { context: '/srv/webapp/db', dockerfile: 'Dockerfile' },
      command: null,
      entrypoint: null,
      environment: { POSTGRES_DB: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/db_password', POSTGRES_USER: 'app' },
      healthcheck: {
        test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U app -d app'],
        timeout: '2s',
        interval: '2s',
        retries: 30,
        start_period: '5s',
      },
      image: 'berth-example/db:latest',
      networks: { back: { aliases: ['postgres'] } },
      secrets: [{ source: 'db_password', target: '/run/secrets/db_password' }],
      shm_size: '134217728',
      stop_grace_period: '30s',
      volumes: [{ type: 'volume', source: 'db-data', target: '/var/lib/postgresql/data', volume: {} }],
    },
    web: {
      build: { context: '/srv/webapp/web', dockerfile: 'Dockerfile' },
      command: null,
      depends_on: {
        cache: { condition: 'service_healthy', required: true },
        db: { condition: 'service_healthy', restart: true, required: true },
      },
      entrypoint: null,
      environment: { DATABASE_URL: 'postgresql://app@db:5432/app', REDIS_HOST: 'cache', UNSET_TOKEN: null },
      healthcheck: {
        test: ['CMD', 'python3', '-c', "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"],
        timeout: '3s',
        interval: '2s',
        retries: 15,
      },
      image: 'berth-example/web:latest',
      labels: { 'com.example.role': 'frontend' },
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      mem_limit: '536870912',
      networks: { back: null, front: { priority: 10 } },
      ports: [{ mode: 'ingress', target: 8080, published: '8080', protocol: 'tcp' }],
      restart: 'unless-stopped',
      configs: [{ source: 'app_settings', target: '/etc/app/settings.json' }],
      volumes: [{ type: 'bind', source: '/srv/webapp/web/static', target: '/app/static', read_only: true, bind: { create_host_path: true } }],
    },
  },
  networks: {
    back: { name: 'berth-webapp_back', ipam: {}, internal: true },
    front: { name: 'berth-webapp_front', ipam: {} },
  },
  volumes: { 'db-data': { name: 'berth-webapp_db-data' } },
  secrets: { db_password: { name: 'berth-webapp_db_password', file: '/srv/webapp/secrets/db_password.txt' } },
  configs: { app_settings: { name: 'berth-webapp_app_settings', content: '{"cache":"redis://cache:6379"}' } },
};

const IMAGE_IDS: Record<string, string> = {
  web: 'sha256:306a43178919',
  cache: 'sha256:05e865c6d12f',
  db: 'sha256:4f9218c2ae43',
};

function inputFor(serviceName: string): ContainerSpecInput {
  const service = PROJECT.services[serviceName];
  if (service === undefined) throw new Error(`no service ${serviceName}`);
  return {
    projectName: 'berth-webapp',
    workingDir: '/srv/webapp',
    configFiles: ['/srv/webapp/compose.yaml', '/srv/webapp/compose.override.yaml'],
    serviceName,
    service,
    project: PROJECT,
    number: 1,
    configHash: serviceConfigHash(service),
    imageId: IMAGE_IDS[serviceName] ?? '',
  };
}

function composeLabels(serviceName: string, dependsOn = ''): Record<string, string> {
  const input = inputFor(serviceName);
  return {
    'com.docker.compose.project': 'berth-webapp',
    'com.docker.compose.service': serviceName,
    'com.docker.compose.version': '2.20.2',
    'com.docker.compose.project.working_dir': '/srv/webapp',
    'com.docker.compose.project.config_files': '/srv/webapp/compose.yaml,/srv/webapp/compose.override.yaml',
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.config-hash': input.configHash,
    'com.docker.compose.depends_on': dependsOn,
    'com.docker.compose.image': input.imageId,
    'com.docker.compose.container-number': '1',
  };
}

describe('a web, cache and db stack', () => {
  it('builds the web container: published port, bind mount, two networks, inline config', () => {
    const input = inputFor('web');
    expect(containerCreateBody(input)).toEqual({
      Image: 'berth-example/web:latest',
      AttachStdout: true,
      AttachStderr: true,
      ExposedPorts: { '8080/tcp': {} },
      Env: ['DATABASE_URL=postgresql://app@db:5432/app', 'REDIS_HOST=cache'],
      Healthcheck: {
        Test: ['CMD', 'python3', '-c', "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"],
        Interval: 2_000_000_000,
        Timeout: 3_000_000_000,
        Retries: 15,
      },
      Labels: {
        'com.example.role': 'frontend',
        ...composeLabels('web', 'cache:service_healthy:false,db:service_healthy:true'),
      },
      HostConfig: {
        Binds: ['/srv/webapp/web/static:/app/static:ro'],
        NetworkMode: 'berth-webapp_front',
        PortBindings: { '8080/tcp': [{ HostPort: '8080' }] },
        RestartPolicy: { Name: 'unless-stopped' },
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
        Memory: 536_870_912,
      },
      NetworkingConfig: {
        EndpointsConfig: { 'berth-webapp_front': { Aliases: ['berth-webapp-web-1', 'web'] } },
      },
    });
    expect(extraNetworkAttachments(input)).toEqual([
      { network: 'berth-webapp_back', endpoint: { aliases: ['berth-webapp-web-1', 'web'] } },
    ]);
    expect(containerFiles(input)).toEqual([
      { path: '/etc/app/settings.json', content: Buffer.from('{"cache":"redis://cache:6379"}'), mode: 0o444 },
    ]);
  });

  it('builds the cache container: command, anonymous volume, internal network', () => {
    expect(containerCreateBody(inputFor('cache'))).toEqual({
      Image: 'berth-example/cache:latest',
      AttachStdout: true,
      AttachStderr: true,
      Cmd: ['redis-server', '--appendonly', 'yes'],
      Healthcheck: { Test: ['CMD', 'redis-cli', 'ping'], Interval: 2_000_000_000, Timeout: 2_000_000_000, Retries: 15 },
      Labels: composeLabels('cache'),
      HostConfig: {
        Mounts: [{ Type: 'volume', Target: '/data' }],
        NetworkMode: 'berth-webapp_back',
      },
      NetworkingConfig: {
        EndpointsConfig: { 'berth-webapp_back': { Aliases: ['berth-webapp-cache-1', 'cache'] } },
      },
    });
    expect(extraNetworkAttachments(inputFor('cache'))).toEqual([]);
    expect(containerFiles(inputFor('cache'))).toEqual([]);
  });

  it('builds the db container: named volume, file secret, shared memory, grace period', () => {
    expect(containerCreateBody(inputFor('db'))).toEqual({
      Image: 'berth-example/db:latest',
      AttachStdout: true,
      AttachStderr: true,
      Env: ['POSTGRES_DB=app', 'POSTGRES_PASSWORD_FILE=/run/secrets/db_password', 'POSTGRES_USER=app'],
      Healthcheck: {
        Test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U app -d app'],
        Interval: 2_000_000_000,
        Timeout: 2_000_000_000,
        Retries: 30,
        StartPeriod: 5_000_000_000,
      },
      StopTimeout: 30,
      Labels: composeLabels('db'),
      HostConfig: {
        Mounts: [
          { Type: 'volume', Source: 'berth-webapp_db-data', Target: '/var/lib/postgresql/data' },
          { Type: 'bind', Source: '/srv/webapp/secrets/db_password.txt', Target: '/run/secrets/db_password', ReadOnly: true },
        ],
        NetworkMode: 'berth-webapp_back',
        ShmSize: 134_217_728,
      },
      NetworkingConfig: {
        EndpointsConfig: { 'berth-webapp_back': { Aliases: ['berth-webapp-db-1', 'db', 'postgres'] } },
      },
    });
  });

  it('builds its networks and volume', () => {
    const back = PROJECT.networks?.back;
    const data = PROJECT.volumes?.['db-data'];
    if (back === undefined || data === undefined) throw new Error('fixture lost its resources');
    expect(networkCreateBody('berth-webapp', 'back', back)).toEqual({
      Name: 'berth-webapp_back',
      CheckDuplicate: true,
      Internal: true,
      Labels: {
        'com.docker.compose.network': 'back',
        'com.docker.compose.project': 'berth-webapp',
        'com.docker.compose.version': '2.20.2',
        'com.docker.compose.config-hash': resourceConfigHash(back),
      },
    });
    expect(volumeCreateBody('berth-webapp', 'db-data', data)).toEqual({
      Name: 'berth-webapp_db-data',
      Labels: {
        'com.docker.compose.volume': 'db-data',
        'com.docker.compose.project': 'berth-webapp',
        'com.docker.compose.version': '2.20.2',
        'com.docker.compose.config-hash': resourceConfigHash(data),
      },
    });
  });
});
