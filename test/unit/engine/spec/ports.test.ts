import { describe, expect, it } from 'vitest';
import { containerCreateBody } from '../../../../src/engine/spec/container-spec.js';
import { service, specInput } from './spec-input.js';

describe('containerCreateBody: ports and expose', () => {
  it('exposes every target and expose entry, and binds the published ones', () => {
    const web = service({
      expose: ['3000', '4000-4002/udp'],
      ports: [
        { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
        { mode: 'ingress', target: 80, published: '8081', protocol: 'tcp', host_ip: '127.0.0.1' },
        { mode: 'ingress', target: 443, published: '9000-9010', protocol: 'tcp', host_ip: '::1' },
        { mode: 'host', target: 53, protocol: 'udp' },
        { mode: 'ingress', target: 5000, published: '5000', protocol: 'sctp' },
      ],
    });
    const body = containerCreateBody(specInput(web));
    expect(body.ExposedPorts).toEqual({
      '3000/tcp': {},
      '4000/udp': {},
      '4001/udp': {},
      '4002/udp': {},
      '80/tcp': {},
      '443/tcp': {},
      '53/udp': {},
      '5000/sctp': {},
    });
    expect(body.HostConfig.PortBindings).toEqual({
      '80/tcp': [{ HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '8081' }],
      '443/tcp': [{ HostIp: '::1', HostPort: '9000-9010' }],
      '53/udp': [{ HostPort: '' }],
      '5000/sctp': [{ HostPort: '5000' }],
    });
  });

  it('exposes without binding', () => {
    const body = containerCreateBody(specInput(service({ expose: ['8000'] })));
    expect(body.ExposedPorts).toEqual({ '8000/tcp': {} });
    expect(body.HostConfig).not.toHaveProperty('PortBindings');
  });

  it('refuses an expose entry that is not a port', () => {
    expect(() => containerCreateBody(specInput(service({ expose: ['${PORT}'] })))).toThrow(
      'services.web.expose: "${PORT}" is not a port or a range of ports',
    );
  });
});
