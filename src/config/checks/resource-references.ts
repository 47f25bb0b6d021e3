import { configErrorAt } from '../config-error.js';
import { didYouMean } from '../suggest.js';
import {
  arrayOr,
  declaredNames,
  isDeclared,
  objectOr,
  servicePath,
  stringOr,
  type ServiceUnderCheck,
} from './service-check.js';

/**
 * A named volume a service mounts must be declared at the top level; bind mounts, anonymous
 * volumes and tmpfs name nothing to declare.
 */
export function checkVolumeReferences({ root, name, service }: ServiceUnderCheck): void {
  arrayOr(service.volumes).forEach((item, index) => {
    const mount = objectOr(item);
    const source = stringOr(mount?.source);
    if (mount?.type !== 'volume' || source === undefined || isDeclared(root, 'volumes', source)) return;
    throw configErrorAt(
      root,
      servicePath(name, 'volumes', index, 'source'),
      `service "${name}" refers to undefined volume "${source}"`,
      {
        hint:
          didYouMean(source, declaredNames(root, 'volumes')) ??
          'declare it under the top-level "volumes", or start the source with "./" or "/" to mount a host path',
      },
    );
  });
}

/** Every secret a service uses must be declared under the top-level `secrets`. */
export function checkSecretReferences(unit: ServiceUnderCheck): void {
  checkGrantedFiles(unit, 'secrets', 'secret');
}

/** Every config a service uses must be declared under the top-level `configs`. */
export function checkConfigReferences(unit: ServiceUnderCheck): void {
  checkGrantedFiles(unit, 'configs', 'config');
}

function checkGrantedFiles(
  { root, name, service }: ServiceUnderCheck,
  section: 'secrets' | 'configs',
  noun: string,
): void {
  arrayOr(service[section]).forEach((item, index) => {
    const source = stringOr(objectOr(item)?.source);
    if (source === undefined || isDeclared(root, section, source)) return;
    throw configErrorAt(
      root,
      servicePath(name, section, index, 'source'),
      `service "${name}" refers to undefined ${noun} "${source}"`,
      { hint: didYouMean(source, declaredNames(root, section)) ?? `declare it under the top-level "${section}"` },
    );
  });
}
