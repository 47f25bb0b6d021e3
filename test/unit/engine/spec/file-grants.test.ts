import { describe, expect, it } from 'vitest';
import { containerCreateBody, containerFiles } from '../../../../src/engine/spec/container-spec.js';
import type { ComposeProject, Service } from '../../../../src/model/index.js';
import { ContainerSpecError } from '../../../../src/engine/spec/spec-error.js';
import { project, service, specInput } from './spec-input.js';

const RESOURCES: Partial<ComposeProject> = {
  secrets: {
    db_password: { name: 'shop_db_password', file: '/srv/shop/secrets/db_password.txt' },
    api_token: { name: 'shop_api_token', environment: 'API_TOKEN' },
  },
  configs: {
    site: { name: 'shop_site', file: '/srv/shop/nginx/site.conf' },
    motd: { name: 'shop_motd', content: 'Welcome to shop\n' },
    settings: { name: 'shop_settings', environment: 'APP_SETTINGS' },
  },
};

const WEB = service({
  secrets: [
    { source: 'db_password', target: '/run/secrets/db_password' },
    { source: 'api_token', target: 'token', uid: '1000', gid: '1000', mode: 0o400 },
  ],
  configs: [
    { source: 'site', target: '/etc/nginx/conf.d/site.conf' },
    { source: 'motd', target: '/etc/motd' },
    { source: 'settings', target: 'settings.json', mode: '0640' },
  ],
});

function inputFor(web: Service, environment: Record<string, string> = { API_TOKEN: 't0k3n', APP_SETTINGS: '{"debug":false}' }) {
  return specInput(web, { project: project({ web }, RESOURCES), environment });
}

describe('secrets and configs', () => {
  it('bind-mounts file-based ones read-only in the create body', () => {
    expect(containerCreateBody(inputFor(WEB)).HostConfig.Mounts).toEqual([
      { Type: 'bind', Source: '/srv/shop/secrets/db_password.txt', Target: '/run/secrets/db_password', ReadOnly: true },
      { Type: 'bind', Source: '/srv/shop/nginx/site.conf', Target: '/etc/nginx/conf.d/site.conf', ReadOnly: true },
    ]);
  });

  it('returns environment- and content-based ones as files, relative targets under their directory', () => {
    expect(containerFiles(inputFor(WEB))).toEqual([
      { path: '/run/secrets/token', content: Buffer.from('t0k3n'), mode: 0o400, uid: '1000', gid: '1000' },
      { path: '/etc/motd', content: Buffer.from('Welcome to shop\n'), mode: 0o444 },
      { path: '/settings.json', content: Buffer.from('{"debug":false}'), mode: 0o640 },
    ]);
  });

  it('defaults a missing target to the source under the kind directory', () => {
    const web = service({ secrets: [{ source: 'api_token' }], configs: [{ source: 'motd' }] });
    expect(containerFiles(inputFor(web)).map((file) => file.path)).toEqual(['/run/secrets/api_token', '/motd']);
  });

  it('has nothing to copy for a service without grants', () => {
    expect(containerFiles(inputFor(service()))).toEqual([]);
  });

  it('refuses an environment variable that is not set, in the create body already', () => {
    expect(() => containerCreateBody(inputFor(WEB, {}))).toThrow(ContainerSpecError);
    expect(() => containerFiles(inputFor(WEB, {}))).toThrow(
      'services.web.secrets[1]: secret "api_token" is read from the environment variable API_TOKEN, which is not set',
    );
  });

  it('refuses an external secret and an undefined one', () => {
    const external = specInput(service({ secrets: [{ source: 'tls' }] }), {
      project: project({ web: service() }, { secrets: { tls: { name: 'prod-tls', external: true } } }),
    });
    expect(() => containerFiles(external)).toThrow(ContainerSpecError);
    expect(() => containerCreateBody(external)).toThrow('secret "tls" has no file, environment or content');
    const undefinedGrant = specInput(service({ configs: [{ source: 'nope' }] }));
    expect(() => containerCreateBody(undefinedGrant)).toThrow(
      'services.web.configs[0]: config "nope" is not defined in the top-level configs',
    );
  });
});
