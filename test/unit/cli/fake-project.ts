import type { LoadedProject } from '../../../src/api/load-project.js';

/** A loaded project as the loader would return it, built by hand so CLI tests need no pipeline. */
export function fakeProject(): LoadedProject {
  const values = new Map([
    ['TAG', '1.2'],
    ['HOME', '/home/me'],
  ]);
  const model = {
    name: 'shop',
    services: {
      web: {
        image: 'nginx:1.2',
        depends_on: { db: { condition: 'service_started', required: true } },
        profiles: ['front'],
        environment: { MODE: 'prod' },
      },
      db: { image: 'postgres:16', environment: { POSTGRES_PASSWORD: 'x' } },
      worker: { build: { context: '/p/worker', dockerfile: 'Dockerfile' }, depends_on: { db: { condition: 'service_healthy', required: true } } },
    },
    networks: { default: { name: 'shop_default' }, back: { name: 'shop_back' } },
    volumes: { data: { name: 'shop_data' } },
  };
  return {
    model: model as unknown as LoadedProject['model'],
    name: 'shop',
    workingDir: '/p',
    configFiles: ['/p/compose.yaml'],
    environment: {
      get: (name: string) => values.get(name),
      values,
      origins: new Map(),
      files: [],
    },
    activeProfiles: ['front'],
    allProfiles: ['tools', 'front', 'debug'],
    disabledServices: [],
    warnings: [],
  };
}
