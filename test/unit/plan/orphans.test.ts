import { describe, expect, it } from 'vitest';
import { applied, engine, lines, planned, projectOptions } from './plan-fixture.js';
import { planUp } from '../../../src/api/up.js';

const BOTH = `
services:
  web:
    image: busybox:1
  old:
    image: busybox:1
`;
const WEB_ONLY = `
services:
  web:
    image: busybox:1
`;

describe('orphans', () => {
  it('are warned about and left alone', async () => {
    const backend = engine();
    await applied(backend, BOTH);
    const warnings: string[] = [];
    const { text } = await planUp(projectOptions(backend, WEB_ONLY, warnings));
    expect(text).toBe('');
    expect(warnings).toEqual([
      'found orphan containers (demo-old-1) for project demo: their services are not in the compose files; run with --remove-orphans to remove them',
    ]);
  });

  it('are removed with removeOrphans', async () => {
    const backend = engine();
    await applied(backend, BOTH);
    expect(await planned(backend, WEB_ONLY, { removeOrphans: true })).toBe(
      lines('stop container demo-old-1 (orphan)', 'remove container demo-old-1 (orphan)'),
    );
    await applied(backend, WEB_ONLY, { removeOrphans: true });
    expect(backend.containerNames()).toEqual(['demo-web-1']);
  });

  it('are removed when COMPOSE_REMOVE_ORPHANS says so, and not warned about with COMPOSE_IGNORE_ORPHANS', async () => {
    const backend = engine();
    await applied(backend, BOTH);
    const warnings: string[] = [];
    const ignoring = await planUp({ ...projectOptions(backend, WEB_ONLY, warnings), env: { COMPOSE_IGNORE_ORPHANS: 'true' } });
    expect(ignoring.text).toBe('');
    expect(warnings).toEqual([]);
    const removing = await planUp({ ...projectOptions(backend, WEB_ONLY), env: { COMPOSE_REMOVE_ORPHANS: '1' } });
    expect(removing.text).toContain('remove container demo-old-1 (orphan)');
  });

  it('do not include the containers of services an inactive profile leaves out', async () => {
    const backend = engine();
    await applied(backend, BOTH);
    const warnings: string[] = [];
    const profiled = BOTH.replace('  old:\n    image: busybox:1', '  old:\n    image: busybox:1\n    profiles: [legacy]');
    const { text } = await planUp(projectOptions(backend, profiled, warnings));
    expect(text).toBe('');
    expect(warnings).toEqual([]);
  });
});
