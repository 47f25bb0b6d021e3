import type { NetworkDefinition } from '../../model/index.js';
import type { EngineNetworkCreateBody } from '../engine-types.js';
import { CONFIG_HASH_LABEL, networkLabels } from '../labels.js';
import { resourceConfigHash } from './resource-hash.js';

type EngineIpam = NonNullable<EngineNetworkCreateBody['IPAM']>;

/**
 * The create body of a project network (an external one is looked up, never created). Its labels
 * are its own with docker compose's over them, the config hash included. `CheckDuplicate` makes an
 * engine before API 1.44 refuse a second network of the same name rather than create it.
 */
export function networkCreateBody(projectName: string, key: string, definition: NetworkDefinition): EngineNetworkCreateBody {
  const body: EngineNetworkCreateBody = {
    Name: definition.name,
    CheckDuplicate: true,
    Labels: {
      ...definition.labels,
      ...networkLabels(projectName, key),
      [CONFIG_HASH_LABEL]: resourceConfigHash(definition),
    },
  };
  if (definition.driver !== undefined && definition.driver !== '') body.Driver = definition.driver;
  if (definition.driver_opts !== undefined && Object.keys(definition.driver_opts).length > 0) {
    body.Options = { ...definition.driver_opts };
  }
  if (definition.internal === true) body.Internal = true;
  if (definition.attachable === true) body.Attachable = true;
  if (definition.enable_ipv4 !== undefined) body.EnableIPv4 = definition.enable_ipv4;
  if (definition.enable_ipv6 !== undefined) body.EnableIPv6 = definition.enable_ipv6;
  const ipam = ipamConfig(definition);
  if (ipam !== undefined) body.IPAM = ipam;
  return body;
}

/** The IPAM block, or undefined when the definition leaves addressing to the engine. */
function ipamConfig(definition: NetworkDefinition): EngineIpam | undefined {
  const ipam: EngineIpam = {};
  const { driver, config, options } = definition.ipam;
  if (driver !== undefined && driver !== '') ipam.Driver = driver;
  if (config !== undefined && config.length > 0) {
    ipam.Config = config.map((pool) => {
      const engine: NonNullable<EngineIpam['Config']>[number] = {};
      if (pool.subnet !== undefined) engine.Subnet = pool.subnet;
      if (pool.ip_range !== undefined) engine.IPRange = pool.ip_range;
      if (pool.gateway !== undefined) engine.Gateway = pool.gateway;
      if (pool.aux_addresses !== undefined && Object.keys(pool.aux_addresses).length > 0) {
        engine.AuxiliaryAddresses = { ...pool.aux_addresses };
      }
      return engine;
    });
  }
  if (options !== undefined && Object.keys(options).length > 0) ipam.Options = { ...options };
  return Object.keys(ipam).length > 0 ? ipam : undefined;
}
