import { describe, expect, it } from 'vitest';
import { oneOffOverrides } from '../../../src/api/run-overrides.js';

const context = {
  projectDir: '/srv/shop',
  home: '/home/me',
  lookup: (name: string) => ({ TOKEN: 'from-env' })[name],
};
const streams = { tty: false, stdinOpen: true };

describe('oneOffOverrides', () => {
  it('publishes nothing by default, the service ports with -P, and the -p ones as the loader reads ports', () => {
    expect(oneOffOverrides({}, streams, context)).toEqual({ ports: [], tty: false, stdinOpen: true });
    expect(oneOffOverrides({ servicePorts: true }, streams, context).ports).toBe('service');
    expect(oneOffOverrides({ publish: ['8080:80', '127.0.0.1:2021:21/udp', '9000-9001:9000-9001'] }, streams, context).ports).toEqual([
      { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
      { mode: 'ingress', target: 21, published: '2021', host_ip: '127.0.0.1', protocol: 'udp' },
      { mode: 'ingress', target: 9000, published: '9000', protocol: 'tcp' },
      { mode: 'ingress', target: 9001, published: '9001', protocol: 'tcp' },
    ]);
  });

  it('refuses -P with -p, and a port it cannot read, naming the flag', () => {
    expect(() => oneOffOverrides({ servicePorts: true, publish: ['80'] }, streams, context)).toThrow('--service-ports and --publish cannot be used together');
    expect(() => oneOffOverrides({ publish: ['80/xyz'] }, streams, context)).toThrow(/^-p: invalid port "80\/xyz"/);
  });

  it('reads -e and -l, a bare -e name taking its value from the environment or being left out', () => {
    const overrides = oneOffOverrides({ environment: ['DEBUG=1', 'EMPTY=', 'TOKEN', 'MISSING', 'URL=a=b'], labels: ['team=ops', 'flag'] }, streams, context);
    expect(overrides.environment).toEqual({ DEBUG: '1', EMPTY: '', TOKEN: 'from-env', MISSING: null, URL: 'a=b' });
    expect(overrides.labels).toEqual({ team: 'ops', flag: '' });
    expect(() => oneOffOverrides({ environment: ['=x'] }, streams, context)).toThrow('-e: "=x" has no name before "="');
  });

  it('splits --entrypoint as a shell would, and keeps words given as words', () => {
    expect(oneOffOverrides({ entrypoint: 'sh -c "echo hi"' }, streams, context).entrypoint).toEqual(['sh', '-c', 'echo hi']);
    expect(oneOffOverrides({ entrypoint: '' }, streams, context).entrypoint).toEqual([]);
    expect(oneOffOverrides({ entrypoint: ['/bin/x', 'a b'] }, streams, context).entrypoint).toEqual(['/bin/x', 'a b']);
  });

  it('keeps the command, user and working directory, and the streams', () => {
    expect(oneOffOverrides({ command: ['ls', '-la'], user: 'nobody', workdir: '/tmp' }, { tty: true, stdinOpen: false }, context)).toEqual({
      ports: [],
      command: ['ls', '-la'],
      user: 'nobody',
      workingDir: '/tmp',
      tty: true,
      stdinOpen: false,
    });
  });

  it('reads -v as the compose short syntax, host paths made absolute from the project directory', () => {
    expect(oneOffOverrides({ volumes: ['./data:/data:ro', '~/cache:/cache', 'named:/var/lib', '/scratch'] }, streams, context).volumes).toEqual([
      { type: 'bind', source: '/srv/shop/data', target: '/data', read_only: true, bind: { create_host_path: true } },
      { type: 'bind', source: '/home/me/cache', target: '/cache', bind: { create_host_path: true } },
      { type: 'volume', source: 'named', target: '/var/lib', volume: {} },
      { type: 'volume', target: '/scratch', volume: {} },
    ]);
    expect(() => oneOffOverrides({ volumes: ['a:b:c:d'] }, streams, context)).toThrow(/^-v: invalid volume "a:b:c:d": too many colons/);
  });
});
