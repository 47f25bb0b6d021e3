import { describe, expect, it } from 'vitest';
import type { ComposeProject, Service } from '../../../src/model/index.js';
import { restartDependents } from '../../../src/watch/rebuild.js';
import { sharedBuilds } from '../../../src/watch/shared-builds.js';

function model(services: Record<string, Partial<Service>>): ComposeProject {
  return { name: 'demo', services } as unknown as ComposeProject;
}

describe('sharedBuilds', () => {
  it('builds once for services with the same build section, and tags the image for the others', () => {
    const project = model({
      web: { build: { context: '/app', dockerfile: 'Dockerfile' } },
      worker: { build: { dockerfile: 'Dockerfile', context: '/app', tags: ['extra:1'] } },
      admin: { build: { context: '/app', dockerfile: 'Dockerfile', args: { MODE: 'admin' } } },
      cache: { image: 'redis' },
      tagged: { image: 'me/web:dev', build: { context: '/app', dockerfile: 'Dockerfile' } },
    });
    expect(sharedBuilds(project, ['web', 'worker', 'admin', 'cache', 'tagged'])).toEqual([
      { services: ['admin'], reference: 'demo-admin', tags: [] },
      { services: ['tagged', 'web', 'worker'], reference: 'me/web:dev', tags: ['demo-web', 'demo-worker'] },
    ]);
  });

  it('keeps apart the same context built for another platform', () => {
    const project = model({
      a: { build: { context: '/app' } },
      b: { build: { context: '/app' }, platform: 'linux/arm64' },
    });
    expect(sharedBuilds(project, ['a', 'b']).map((shared) => shared.services)).toEqual([['a'], ['b']]);
  });
});

describe('restartDependents', () => {
  it('lists the services that depend with restart: true on one rebuilt', () => {
    const project = model({
      db: {},
      web: { depends_on: { db: { condition: 'service_started', required: true, restart: true } } },
      worker: { depends_on: { db: { condition: 'service_started', required: true } } },
      admin: { depends_on: { web: { condition: 'service_started', required: true, restart: true } } },
    });
    expect(restartDependents(project, ['db'])).toEqual(['web']);
    expect(restartDependents(project, ['db', 'web'])).toEqual(['admin']);
  });
});
