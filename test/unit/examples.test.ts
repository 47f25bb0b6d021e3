import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/index.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const env = { PATH: '/usr/bin:/bin' };

describe('the examples load', () => {
  it('webapp: a web app with a cache and a database', async () => {
    const project = await loadProject({ workingDir: path.join(examples, 'webapp'), env });
    const { services, volumes } = project.model;
    expect(project.name).toBe('berth-webapp');
    expect(Object.keys(services)).toEqual(['cache', 'db', 'web']);
    expect(services.web?.ports).toEqual([
      { mode: 'ingress', target: 8080, published: '8080', protocol: 'tcp' },
    ]);
    expect(services.web?.depends_on).toEqual({
      cache: { condition: 'service_healthy', required: true },
      db: { condition: 'service_healthy', required: true },
    });
    expect(services.web?.build?.context).toBe(path.join(examples, 'webapp', 'web'));
    expect(services.db?.environment?.POSTGRES_PASSWORD).toBe('devpassword');
    expect(volumes?.['db-data']?.name).toBe('berth-webapp_db-data');
  });

  it('webapp: variables from the environment win over the defaults in the file', async () => {
    const project = await loadProject({
      workingDir: path.join(examples, 'webapp'),
      env: { ...env, WEB_PORT: '9999', DB_PASSWORD: 's3cret' },
    });
    expect(project.model.services.web?.ports?.[0]?.published).toBe('9999');
    expect(project.model.services.web?.environment?.DATABASE_URL).toBe('postgresql://app:s3cret@db:5432/app');
  });

  it('profiles-override: the override file is merged and profiles select services', async () => {
    const dir = path.join(examples, 'profiles-override');
    const plain = await loadProject({ workingDir: dir, env });
    expect(plain.name).toBe('profiles-override');
    expect(plain.configFiles.map((file) => path.basename(file))).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(Object.keys(plain.model.services)).toEqual(['app', 'worker']);
    expect(plain.model.services.app?.ports).toEqual([
      { mode: 'ingress', host_ip: '127.0.0.1', target: 8080, published: '8081', protocol: 'tcp' },
    ]);
    expect(plain.model.services.app?.environment).toEqual({ LOG_LEVEL: 'debug' });
    expect(plain.allProfiles).toEqual(['debug', 'test']);
    expect(plain.disabledServices).toEqual(['tests', 'toolbox']);

    const debug = await loadProject({ workingDir: dir, env, profiles: ['debug'] });
    expect(Object.keys(debug.model.services)).toEqual(['app', 'toolbox', 'worker']);

    const named = await loadProject({ workingDir: dir, env, services: ['tests'] });
    expect(Object.keys(named.model.services)).toEqual(['app', 'tests', 'worker']);
    expect(named.activeProfiles).toEqual(['test']);
  });

  it('extends-include: extends, include and .env together', async () => {
    const dir = path.join(examples, 'extends-include');
    const project = await loadProject({ workingDir: dir, env });
    const { services } = project.model;
    expect(Object.keys(services)).toEqual(['api', 'probe', 'scheduler']);
    // From common.yaml through extends, with the local value winning.
    expect(services.api?.environment).toEqual({ API_MODE: 'demo', LOG_FORMAT: 'text', TZ: 'UTC' });
    expect(services.api?.labels).toEqual({ 'com.example.team': 'platform', 'com.example.version': '1.4.2' });
    expect(services.api?.ports?.[0]?.published).toBe('8082');
    // Same-file extends, with !reset dropping the inherited ports.
    expect(services.scheduler?.ports).toBeUndefined();
    expect(services.scheduler?.restart).toBe('on-failure');
    // The included project keeps its own directory and its own .env.
    expect(services.probe?.volumes?.[0]?.source).toBe(path.join(dir, 'monitoring', 'probe-data'));
    expect(services.probe?.command?.[2]).toContain('sleep 15');
  });
});
