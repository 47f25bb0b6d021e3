import type { Healthcheck } from '../../model/index.js';
import type { EngineHealthConfig } from '../engine-types.js';
import { durationNanoseconds } from './units.js';

/**
 * The engine's health check: durations in nanoseconds; a field left out keeps the image's value
 * (the engine merges them). `disable: true` turns the image's check off. `StartInterval` needs API
 * 1.44; an older engine ignores it and probes at `Interval` during the start period too.
 */
export function healthConfig(healthcheck: Healthcheck, field: string): EngineHealthConfig {
  if (healthcheck.disable === true) return { Test: ['NONE'] };
  const config: EngineHealthConfig = {};
  if (healthcheck.test !== undefined) config.Test = [...healthcheck.test];
  const durations = [
    ['Interval', healthcheck.interval, 'interval'],
    ['Timeout', healthcheck.timeout, 'timeout'],
    ['StartPeriod', healthcheck.start_period, 'start_period'],
    ['StartInterval', healthcheck.start_interval, 'start_interval'],
  ] as const;
  for (const [key, value, name] of durations) {
    if (value !== undefined) config[key] = durationNanoseconds(value, `${field}.${name}`);
  }
  if (healthcheck.retries !== undefined) config.Retries = healthcheck.retries;
  return config;
}
