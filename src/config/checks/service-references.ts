import { configErrorAt } from '../config-error.js';
import type { PathSegment } from '../json.js';
import { didYouMean } from '../suggest.js';
import { arrayOr, servicePath, servicesOf, stringOr, type ServiceUnderCheck } from './service-check.js';

interface ServiceReference {
  target: string;
  field: string;
  at: PathSegment[];
}

/**
 * `service:x` in network_mode, ipc and pid, volumes_from and links name another service. Checked
 * here, before depends_on, because the dependency they imply was not written by the user: the
 * message should point at the line that was. A disabled target is an error, as profiles never
 * enable a service through such a reference.
 */
export function checkServiceReferences(
  { root, name, service }: ServiceUnderCheck,
  disabledServices: ReadonlySet<string>,
): void {
  const services = servicesOf(root);
  for (const { target, field, at } of referencesOf(name, service)) {
    if (Object.prototype.hasOwnProperty.call(services, target)) continue;
    if (disabledServices.has(target)) {
      throw configErrorAt(root, at, `service "${name}" refers to "${target}" in ${field}, which is disabled by profiles`, {
        hint: `activate a profile of "${target}" with --profile, or name it on the command line`,
      });
    }
    throw configErrorAt(root, at, `service "${name}" refers to undefined service "${target}" in ${field}`, {
      hint: didYouMean(
        target,
        [...Object.keys(services), ...disabledServices].filter((other) => other !== name),
      ),
    });
  }
}

function referencesOf(name: string, service: ServiceUnderCheck['service']): ServiceReference[] {
  const found: ServiceReference[] = [];
  for (const field of ['network_mode', 'ipc', 'pid']) {
    const value = stringOr(service[field]);
    if (value?.startsWith('service:')) {
      found.push({ target: value.slice('service:'.length), field, at: servicePath(name, field) });
    }
  }
  arrayOr(service.volumes_from).forEach((item, index) => {
    const value = stringOr(item);
    // `container:<name>` names a container outside the project; anything else is `<service>[:ro|rw]`.
    if (value === undefined || value.startsWith('container:')) return;
    found.push({ target: value.split(':')[0] ?? value, field: 'volumes_from', at: servicePath(name, 'volumes_from', index) });
  });
  arrayOr(service.links).forEach((item, index) => {
    const value = stringOr(item);
    if (value !== undefined) {
      found.push({ target: value.split(':')[0] ?? value, field: 'links', at: servicePath(name, 'links', index) });
    }
  });
  return found;
}
