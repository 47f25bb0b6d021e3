import { configErrorAt } from '../config-error.js';
import { didYouMean } from '../suggest.js';
import { declaredNames, isDeclared, objectOr, servicePath, stringOr, type ServiceUnderCheck } from './service-check.js';

/** `network_mode` gives the container a network stack that `networks` would attach to: never both. */
export function checkNetworkModeWithNetworks({ root, name, service }: ServiceUnderCheck): void {
  const mode = stringOr(service.network_mode);
  const networks = objectOr(service.networks);
  if (mode === undefined || networks === undefined || Object.keys(networks).length === 0) return;
  throw configErrorAt(
    root,
    servicePath(name, 'network_mode'),
    `service "${name}" sets both network_mode and networks, which exclude each other`,
    { hint: 'remove networks, or remove network_mode' },
  );
}

/** Every network a service joins must be declared at the top level. */
export function checkNetworkReferences({ root, name, service }: ServiceUnderCheck): void {
  for (const network of Object.keys(objectOr(service.networks) ?? {})) {
    if (isDeclared(root, 'networks', network)) continue;
    throw configErrorAt(
      root,
      servicePath(name, 'networks', network),
      `service "${name}" refers to undefined network "${network}"`,
      {
        atKey: true,
        hint: didYouMean(network, declaredNames(root, 'networks')) ?? 'declare it under the top-level "networks"',
      },
    );
  }
}
