import type { Service, ServiceNetworkAttachment } from '../../model/index.js';
import type { EndpointSettings } from '../backend.js';
import type { EngineEndpointConfig } from '../engine-types.js';
import type { ContainerSpecInput } from './container-input.js';
import { containersOfService, finalContainerName, firstContainerOfService, serviceField } from './container-input.js';
import { ContainerSpecError } from './spec-error.js';

const SERVICE_PREFIX = 'service:';
const CONTAINER_PREFIX = 'container:';
/** The driver option the engine reads an endpoint's interface name from. */
const INTERFACE_NAME_OPTION = 'com.docker.network.endpoint.ifname';

/** A network to connect the container to after it is created, and how. */
export interface NetworkAttachment {
  /** The network's engine name. */
  network: string;
  endpoint: EndpointSettings;
}

/**
 * The service's network keys in the order the container joins them: highest `priority` first, then
 * by key, as docker compose orders them. The first one is joined at create.
 */
export function networksByPriority(service: Service): string[] {
  const priority = (key: string): number => service.networks?.[key]?.priority ?? 0;
  return Object.keys(service.networks ?? {}).sort((a, b) => priority(b) - priority(a) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `HostConfig.NetworkMode`: `network_mode` as written (`host`, `none`, `bridge`, `container:x`),
 * with `service:x` as `container:<x's first container>` and a project network key as its engine name;
 * without `network_mode`, the engine name of the first network joined. Undefined when neither is set.
 */
export function networkMode(input: ContainerSpecInput): string | undefined {
  const mode = input.service.network_mode;
  if (mode !== undefined && mode !== '') return namespaceMode(input, mode, 'network_mode') ?? networkEngineName(input, mode, mode);
  const primary = networksByPriority(input.service)[0];
  return primary === undefined ? undefined : requiredNetworkName(input, primary);
}

/**
 * An `ipc`, `pid` or `network_mode` that shares another service's namespace (`service:x`) names
 * that service's first container; undefined for any other value.
 */
export function namespaceMode(input: ContainerSpecInput, mode: string, field: string): string | undefined {
  if (!mode.startsWith(SERVICE_PREFIX)) return undefined;
  const donor = mode.slice(SERVICE_PREFIX.length);
  return `${CONTAINER_PREFIX}${firstContainerOfService(input, donor, serviceField(input, field))}`;
}

/** The first network's endpoint, joined when the container is created. */
export function primaryEndpoint(input: ContainerSpecInput): { network: string; config: EngineEndpointConfig } | undefined {
  if (input.service.network_mode !== undefined && input.service.network_mode !== '') return undefined;
  const primary = networksByPriority(input.service)[0];
  if (primary === undefined) return undefined;
  return { network: requiredNetworkName(input, primary), config: endpointConfig(input, primary, true) };
}

/**
 * The networks after the first, in joining order, for the caller to connect before the container
 * starts (API 1.41 takes one network at create). An attachment's `link_local_ips` and `priority`
 * have no place in `EndpointSettings`; its `gw_priority` travels as `priority`.
 */
export function extraNetworkAttachments(input: ContainerSpecInput): NetworkAttachment[] {
  if (input.service.network_mode !== undefined && input.service.network_mode !== '') return [];
  return networksByPriority(input.service)
    .slice(1)
    .map((key) => {
      const config = endpointConfig(input, key, false);
      const endpoint: EndpointSettings = {};
      if (config.Aliases !== undefined) endpoint.aliases = config.Aliases;
      if (config.IPAMConfig?.IPv4Address !== undefined) endpoint.ipv4Address = config.IPAMConfig.IPv4Address;
      if (config.IPAMConfig?.IPv6Address !== undefined) endpoint.ipv6Address = config.IPAMConfig.IPv6Address;
      if (config.Links !== undefined) endpoint.links = config.Links;
      if (config.MacAddress !== undefined) endpoint.macAddress = config.MacAddress;
      if (config.DriverOpts !== undefined) endpoint.driverOpts = config.DriverOpts;
      if (config.GwPriority !== undefined) endpoint.priority = config.GwPriority;
      return { network: requiredNetworkName(input, key), endpoint };
    });
}

/**
 * `Config.MacAddress`, where engines before API 1.44 read a container's MAC address: the service's
 * `mac_address`, else the first network's. Both set and different is refused, as docker compose does.
 */
export function containerMacAddress(input: ContainerSpecInput): string | undefined {
  const own = nonEmpty(input.service.mac_address);
  if (input.service.network_mode !== undefined && input.service.network_mode !== '') return own;
  const primary = networksByPriority(input.service)[0];
  const network = primary === undefined ? undefined : nonEmpty(input.service.networks?.[primary]?.mac_address);
  if (own !== undefined && network !== undefined && own !== network) {
    throw new ContainerSpecError(
      `${serviceField(input, 'mac_address')}: "${own}" differs from networks.${primary ?? ''}.mac_address "${network}"`,
      { hint: 'set the MAC address in one place only' },
    );
  }
  return own ?? network;
}

/**
 * The links the container is created with: `<container>:<alias>` for every container of each linked
 * service (`svc` or `svc:alias`), under the alias and under `<svc>-<n>` and `<project>-<svc>-<n>`
 * (n the number of the container being created); then `external_links` as written.
 */
export function containerLinks(input: ContainerSpecInput): string[] {
  const links: string[] = [];
  for (const link of input.service.links ?? []) {
    const [linked = '', alias = linked] = link.split(':');
    for (const container of containersOfService(input, linked)) {
      links.push(
        `${container}:${alias}`,
        `${container}:${linked}-${input.number}`,
        `${container}:${input.projectName}-${linked}-${input.number}`,
      );
    }
  }
  for (const link of input.service.external_links ?? []) {
    const [container = '', alias = container] = link.split(':');
    links.push(`${container}:${alias}`);
  }
  return links;
}

/**
 * How the container joins one network. Its aliases are its own name, then (unless turned off) the
 * service name and the network's `aliases`, so peers reach it by any of them. `primary`: the network
 * joined at create, which also takes the service-level `mac_address`.
 */
function endpointConfig(input: ContainerSpecInput, key: string, primary: boolean): EngineEndpointConfig {
  const attachment: ServiceNetworkAttachment | null | undefined = input.service.networks?.[key];
  const useAliases = input.useNetworkAliases ?? input.oneOff !== true;
  const aliases = [finalContainerName(input)];
  if (useAliases) aliases.push(input.serviceName, ...(attachment?.aliases ?? []));
  const config: EngineEndpointConfig = { Aliases: aliases };

  const ipam: NonNullable<EngineEndpointConfig['IPAMConfig']> = {};
  const ipv4 = nonEmpty(attachment?.ipv4_address);
  const ipv6 = nonEmpty(attachment?.ipv6_address);
  if (ipv4 !== undefined) ipam.IPv4Address = ipv4;
  if (ipv6 !== undefined) ipam.IPv6Address = ipv6;
  if (attachment?.link_local_ips !== undefined && attachment.link_local_ips.length > 0) {
    ipam.LinkLocalIPs = [...attachment.link_local_ips];
  }
  if (Object.keys(ipam).length > 0) config.IPAMConfig = ipam;

  const links = containerLinks(input);
  if (links.length > 0) config.Links = links;
  const mac = nonEmpty(attachment?.mac_address) ?? (primary ? nonEmpty(input.service.mac_address) : undefined);
  if (mac !== undefined) config.MacAddress = mac;

  const driverOpts: Record<string, string> = { ...attachment?.driver_opts };
  const interfaceName = nonEmpty(attachment?.interface_name);
  if (interfaceName !== undefined) driverOpts[INTERFACE_NAME_OPTION] = interfaceName;
  if (Object.keys(driverOpts).length > 0) config.DriverOpts = driverOpts;
  if (attachment?.gw_priority !== undefined) config.GwPriority = attachment.gw_priority;
  return config;
}

/** A project network's engine name, or `fallback` when `key` is not a project network. */
function networkEngineName(input: ContainerSpecInput, key: string, fallback: string): string {
  return input.project.networks?.[key]?.name ?? fallback;
}

function requiredNetworkName(input: ContainerSpecInput, key: string): string {
  const definition = input.project.networks?.[key];
  if (definition === undefined) {
    throw new ContainerSpecError(`${serviceField(input, `networks.${key}`)}: network "${key}" is not defined in the top-level networks`);
  }
  return definition.name;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
