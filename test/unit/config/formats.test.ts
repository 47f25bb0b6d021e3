import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bytesProblem,
  durationProblem,
  exposeProblem,
  formatProblems,
  formats,
  parseBytes,
  parseDuration,
  portsProblem,
  pullPolicyProblem,
  restartProblem,
} from '../../../src/config/formats.js';

describe('duration', () => {
  it('reads Go-style durations in nanoseconds', () => {
    expect(parseDuration('10s')).toBe(10e9);
    expect(parseDuration('1m30s')).toBe(90e9);
    expect(parseDuration('1.5h')).toBe(5400e9);
    expect(parseDuration('100ms')).toBe(100e6);
    expect(parseDuration('1h5m30s20ms')).toBe(3930.02e9);
    expect(parseDuration('250us')).toBe(250e3);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('.5s')).toBe(0.5e9);
  });

  it('refuses what is not one, saying why', () => {
    for (const bad of ['', '10', '1x', '1m30', 's', '1.5', '-1s', '1H', '1 s', 'abc']) {
      expect(formats.duration(bad), bad).toBe(false);
      expect(durationProblem(bad), bad).toBeTypeOf('string');
    }
    expect(durationProblem('10')).toMatch(/unit is missing/);
    expect(durationProblem('10x')).toMatch(/unknown unit "x"/);
  });
});

describe('bytes', () => {
  it('reads byte sizes in powers of 1024, any case', () => {
    expect(parseBytes('2048')).toBe(2048);
    expect(parseBytes('2b')).toBe(2);
    expect(parseBytes('1024kb')).toBe(1024 * 1024);
    expect(parseBytes('2048k')).toBe(2048 * 1024);
    expect(parseBytes('512m')).toBe(512 * 1024 ** 2);
    expect(parseBytes('300M')).toBe(300 * 1024 ** 2);
    expect(parseBytes('1gb')).toBe(1024 ** 3);
    expect(parseBytes('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('2GiB')).toBe(2 * 1024 ** 3);
  });

  it('refuses malformed sizes', () => {
    for (const bad of ['', '1qb', 'gb', '-1', '1 2', '1gbb', 'lots']) {
      expect(formats.bytes(bad), bad).toBe(false);
      expect(bytesProblem(bad), bad).toBeTypeOf('string');
    }
  });
});

describe('ports', () => {
  it('accepts every form of the short syntax', () => {
    const good = [
      '3000', '3000-3005', '8000:8000', '9090-9091:8080-8081', '49100:22', '8000-9000:80',
      '127.0.0.1:8001:8001', '127.0.0.1:5000-5010:5000-5010', '::1:6000:6000', '[::1]:6001:6001',
      '6060:6060/udp', '0:80', '65535:65535', '127.0.0.1::80', ':80', '80/SCTP', '${HOST_PORT}:80',
    ];
    for (const spec of good) expect(portsProblem(spec), spec).toBeUndefined();
  });

  it('refuses ports out of range and malformed specs, saying why', () => {
    expect(portsProblem('99999:80')).toBe('port 99999 is out of range (0-65535)');
    expect(portsProblem('80:65536')).toBe('port 65536 is out of range (0-65535)');
    expect(portsProblem('80:80/tcpx')).toBe('unknown protocol "tcpx" (use tcp, udp or sctp)');
    expect(portsProblem('9090-9092:8080-8081')).toMatch(/differ in length/);
    expect(portsProblem('8000:80-81')).toMatch(/differ in length/);
    expect(portsProblem('8081-8080')).toMatch(/ends before it starts/);
    expect(portsProblem('300.1.1.1:80:80')).toBe('"300.1.1.1" is not an IP address');
    expect(portsProblem('[127.0.0.1]:80:80')).toBe('"127.0.0.1" is not an IP address');
    expect(portsProblem('[::1:80:80')).toMatch(/not closed/);
    expect(portsProblem('http')).toMatch(/not a container port/);
    expect(portsProblem('80:')).toMatch(/container port is missing/);
    expect(portsProblem('')).toMatch(/container port is missing/);
  });
});

describe('expose', () => {
  it('accepts port[-port][/protocol]', () => {
    for (const spec of ['3000', '8080-8085/tcp', '53/udp']) expect(exposeProblem(spec), spec).toBeUndefined();
  });

  it('refuses the rest', () => {
    expect(exposeProblem('80/tcpx')).toMatch(/unknown protocol/);
    expect(exposeProblem('70000')).toMatch(/out of range/);
    expect(exposeProblem('80:80')).toMatch(/not a container port/);
    expect(exposeProblem('80/tcp/udp')).toMatch(/expected port/);
  });
});

describe('the smaller formats', () => {
  it('reads booleans, numbers, restart and pull policies', () => {
    expect(formats.boolean('true') && formats.boolean('False') && formats.boolean('yes')).toBe(true);
    expect(formats.boolean('maybe')).toBe(false);
    expect(formats.integer('42') && formats.integer('-1')).toBe(true);
    expect(formats.integer('4.2')).toBe(false);
    expect(formats.number('0.5') && formats.number('1e3')).toBe(true);
    expect(formats.number('half')).toBe(false);
    for (const policy of ['no', 'always', 'on-failure', 'on-failure:3', 'unless-stopped']) {
      expect(restartProblem(policy), policy).toBeUndefined();
    }
    expect(restartProblem('sometimes')).toBeTypeOf('string');
    expect(pullPolicyProblem('every_12h')).toBeUndefined();
    expect(pullPolicyProblem('every_1w2d')).toBeUndefined();
    expect(pullPolicyProblem('sometimes')).toBeTypeOf('string');
    expect(formats.port('8080') && !formats.port('80000') && formats['port-range']('8000-9000')).toBe(true);
  });

  it('leaves values holding a variable reference alone', () => {
    for (const [name, check] of Object.entries(formats)) expect(check('${VALUE}'), name).toBe(true);
  });
});

describe('the formats the schema names', () => {
  it('all exist here, with an explanation each', () => {
    const schema = readFileSync(new URL('../../../schemas/compose.schema.json', import.meta.url), 'utf8');
    const named = new Set([...schema.matchAll(/"format": "([^"]+)"/g)].map((match) => match[1]));
    expect(named.size).toBeGreaterThan(0);
    for (const name of named) {
      expect(Object.keys(formats), String(name)).toContain(name);
      expect(Object.keys(formatProblems), String(name)).toContain(name);
    }
  });
});
