import type { Service } from '../../model/index.js';
import type { EngineHostConfig } from '../engine-types.js';
import { ContainerSpecError } from './spec-error.js';

type EngineRestartPolicy = NonNullable<EngineHostConfig['RestartPolicy']>;

/** `deploy.restart_policy` conditions (swarm's words) and `restart` values, as the engine names them. */
const ENGINE_POLICY: Readonly<Record<string, string>> = {
  no: 'no',
  none: 'no',
  always: 'always',
  any: 'always',
  'on-failure': 'on-failure',
  'unless-stopped': 'unless-stopped',
};

/**
 * The engine's restart policy, or undefined when the service sets none (the engine's default, no
 * restart). `deploy.restart_policy` wins over `restart`, as in docker compose; its condition
 * defaults to `any` as the specification says. A retry count goes with `on-failure` only: newer
 * engines refuse it with any other policy.
 */
export function restartPolicy(service: Service, field: string): EngineRestartPolicy | undefined {
  const deployPolicy = service.deploy?.restart_policy;
  if (deployPolicy !== undefined) {
    return policy(deployPolicy.condition ?? 'any', deployPolicy.max_attempts, `${field}.deploy.restart_policy.condition`);
  }
  if (service.restart === undefined || service.restart === '') return undefined;
  const [name = '', retries] = service.restart.split(':');
  let count: number | undefined;
  if (retries !== undefined) {
    if (!/^\d+$/.test(retries)) {
      throw new ContainerSpecError(`${field}.restart: "${service.restart}" has a retry count that is not a number`);
    }
    count = Number(retries);
  }
  return policy(name, count, `${field}.restart`);
}

function policy(written: string, retries: number | undefined, field: string): EngineRestartPolicy {
  const name = ENGINE_POLICY[written];
  if (name === undefined) {
    throw new ContainerSpecError(`${field}: unknown restart policy "${written}"`, {
      hint: 'use no, always, on-failure[:max retries] or unless-stopped',
    });
  }
  if (name === 'on-failure' && retries !== undefined && retries > 0) return { Name: name, MaximumRetryCount: retries };
  return { Name: name };
}
