import type { ContainerSpecInput } from '../../../../src/engine/spec/container-spec.js';
import type { ComposeProject, Service } from '../../../../src/model/index.js';

/** A service as the loader prints the smallest one: an image, no command override, the default network. */
export function service(fields: Partial<Service> = {}): Service {
  return { image: 'busybox:1.36', command: null, entrypoint: null, networks: { default: null }, ...fields };
}

/** A project of the given services with the `default` network, plus any other top-level sections. */
export function project(services: Record<string, Service>, rest: Partial<ComposeProject> = {}): ComposeProject {
  return { name: 'shop', services, networks: { default: { name: 'shop_default', ipam: {} } }, ...rest };
}

/**
 * The input for replica 1 of `web` in project `shop`, the service and project given (the project
 * defaults to one holding just this service).
 */
export function specInput(
  web: Service,
  options: { project?: ComposeProject } & Partial<Omit<ContainerSpecInput, 'service' | 'project'>> = {},
): ContainerSpecInput {
  const { project: given, ...overrides } = options;
  return {
    projectName: 'shop',
    workingDir: '/srv/shop',
    configFiles: ['/srv/shop/compose.yaml'],
    serviceName: 'web',
    service: web,
    project: given ?? project({ web }),
    number: 1,
    configHash: 'hash-of-web',
    imageId: 'sha256:0123',
    ...overrides,
  };
}

/** The compose labels every `web` container of `specInput` carries. */
export const WEB_LABELS: Readonly<Record<string, string>> = {
  'com.docker.compose.project': 'shop',
  'com.docker.compose.service': 'web',
  'com.docker.compose.version': '2.20.2',
  'com.docker.compose.project.working_dir': '/srv/shop',
  'com.docker.compose.project.config_files': '/srv/shop/compose.yaml',
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.config-hash': 'hash-of-web',
  'com.docker.compose.depends_on': '',
  'com.docker.compose.image': 'sha256:0123',
  'com.docker.compose.container-number': '1',
};
