import { describe, expect, it } from 'vitest';
import { PlanBuilder } from '../../../src/plan/plan-builder.js';
import { planJson } from '../../../src/plan/plan-json.js';
import { planText } from '../../../src/plan/plan-text.js';
import type { Plan } from '../../../src/plan/plan.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

/** An orphan removed with two anonymous volumes, a measured volume, an unmeasured one. */
function downPlan(): Plan {
  const builder = new PlanBuilder();
  const remove = builder.add(
    {
      kind: 'remove-container',
      service: 'old',
      id: 'c1',
      name: 'demo-old-1',
      removeAnonymousVolumes: true,
      anonymousVolumes: [{ name: A, size: 2048 }, { name: B, size: -1 }],
    },
    { reason: 'orphan' },
  );
  builder.add({ kind: 'remove-volume', name: 'demo_data', size: 0 }, { dependsOn: [remove] });
  builder.add({ kind: 'remove-volume', name: 'demo_logs' }, { dependsOn: [remove] });
  return builder.build({ project: 'demo', upToDate: [], serviceContainers: {} });
}

describe('planText', () => {
  it('joins the reasons of a step, each kept apart in the node', () => {
    const builder = new PlanBuilder();
    builder.add({ kind: 'create-container', service: 'web', number: 1, name: 'demo-web-1' }, { reasons: ['image changed: a -> b', 'network front missing'] });
    const plan = builder.build({ project: 'demo', upToDate: [], serviceContainers: {} });
    expect(planText(plan)).toBe('create container demo-web-1 (image changed: a -> b; network front missing)');
    expect(plan.nodes[0]?.reason).toBe('image changed: a -> b; network front missing');
    expect(plan.nodes[0]?.reasons).toEqual(['image changed: a -> b', 'network front missing']);
  });

  it('shows the size of each volume deleted, in bytes unless told how, and says when it is unknown', () => {
    expect(planText(downPlan())).toBe(
      [
        `remove container demo-old-1 (orphan; anonymous volumes ${A} 2048 bytes, ${B} size unknown)`,
        'remove volume demo_data (0 bytes)',
        'remove volume demo_logs',
      ].join('\n'),
    );
    expect(planText(downPlan(), { formatSize: (bytes) => `${String(bytes / 1024)}K` }).split('\n')[0]).toBe(
      `remove container demo-old-1 (orphan; anonymous volumes ${A} 2K, ${B} size unknown)`,
    );
  });

  it('adds the dependencies when asked', () => {
    expect(planText(downPlan(), { dependencies: true }).split('\n')[1]).toBe('remove volume demo_data (0 bytes) <- remove container demo-old-1');
  });
});

describe('planJson', () => {
  it('gives each step its kind, target and reasons, and the volumes their sizes in bytes', () => {
    expect(planJson(downPlan()).actions).toEqual([
      {
        id: 'remove container demo-old-1',
        kind: 'remove-container',
        target: 'demo-old-1',
        service: 'old',
        reasons: ['orphan'],
        dependsOn: [],
        anonymousVolumes: [{ name: A, size: 2048 }, { name: B, size: -1 }],
      },
      { id: 'remove volume demo_data', kind: 'remove-volume', target: 'demo_data', reasons: [], dependsOn: ['remove container demo-old-1'], size: 0 },
      { id: 'remove volume demo_logs', kind: 'remove-volume', target: 'demo_logs', reasons: [], dependsOn: ['remove container demo-old-1'] },
    ]);
  });

  it('names images by reference and a wait by the service waited for', () => {
    const builder = new PlanBuilder();
    builder.add({ kind: 'pull-image', reference: 'busybox:1', services: ['web'] }, { reason: 'missing' });
    builder.add({ kind: 'wait-for-dependency', service: 'db', condition: 'service_healthy', containers: ['demo-db-1'], required: true, dependents: ['web'] });
    const actions = planJson(builder.build({ project: 'demo', upToDate: [], serviceContainers: {} })).actions;
    expect(actions.map(({ kind, target, service, reasons }) => ({ kind, target, service, reasons }))).toEqual([
      { kind: 'pull-image', target: 'busybox:1', service: undefined, reasons: ['missing'] },
      { kind: 'wait-for-dependency', target: 'db', service: undefined, reasons: [] },
    ]);
  });
});
