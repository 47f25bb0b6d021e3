import { configErrorAt } from '../config-error.js';
import { objectOr, servicePath, stringOr, type ServiceUnderCheck } from './service-check.js';

/**
 * `scale` and `deploy.replicas` must agree when both are set, and a fixed `container_name` allows
 * only one container, since container names are unique on an engine.
 */
export function checkReplicas({ root, name, service }: ServiceUnderCheck): void {
  const scale = typeof service.scale === 'number' ? service.scale : undefined;
  const replicasValue = objectOr(service.deploy)?.replicas;
  const replicas = typeof replicasValue === 'number' ? replicasValue : undefined;
  if (scale !== undefined && replicas !== undefined && scale !== replicas) {
    throw configErrorAt(
      root,
      servicePath(name, 'scale'),
      `service "${name}" sets scale ${scale} but deploy.replicas ${replicas}`,
      { hint: 'set only one of them, or give both the same value' },
    );
  }

  const containerName = stringOr(service.container_name);
  const count = scale ?? replicas ?? 1;
  if (containerName === undefined || count <= 1) return;
  const source = scale !== undefined ? `scale ${scale}` : `deploy.replicas ${count}`;
  throw configErrorAt(
    root,
    servicePath(name, 'container_name'),
    `service "${name}" sets container_name "${containerName}" but asks for ${count} containers (${source}); container names must be unique`,
    { hint: 'remove container_name, or run a single container' },
  );
}
