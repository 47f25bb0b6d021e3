import { describe, expect, it } from 'vitest';
import { ServiceLanes } from '../../../src/watch/service-lanes.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ServiceLanes', () => {
  it('runs one task at a time per service, services side by side, and a shared task after both', async () => {
    const log: string[] = [];
    const lanes = new ServiceLanes(() => undefined);
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
    };
    void lanes.run(['web'], task('web 1', 30));
    void lanes.run(['web'], task('web 2', 5));
    void lanes.run(['api'], task('api 1', 5));
    void lanes.run(['web', 'api'], task('both', 5));
    void lanes.run(['api'], task('api 2', 5));
    await lanes.idle();
    expect(log.indexOf('api 1 start')).toBeLessThan(log.indexOf('web 1 end'));
    expect(log.indexOf('web 2 start')).toBeGreaterThan(log.indexOf('web 1 end'));
    expect(log.indexOf('both start')).toBeGreaterThan(log.indexOf('web 2 end'));
    expect(log.indexOf('api 2 start')).toBeGreaterThan(log.indexOf('both end'));
  });

  it('hands a failure to onError and goes on', async () => {
    const errors: unknown[] = [];
    const lanes = new ServiceLanes((error) => errors.push(error));
    void lanes.run(['web'], () => Promise.reject(new Error('boom')));
    let ran = false;
    void lanes.run(['web'], () => Promise.resolve().then(() => void (ran = true)));
    await lanes.idle();
    expect(errors).toHaveLength(1);
    expect(ran).toBe(true);
  });
});
