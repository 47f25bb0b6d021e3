import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { PlanBuilder } from '../../../src/plan/plan-builder.js';
import type { Plan } from '../../../src/plan/plan.js';
import { recordingContext } from './context.js';

// planUp and planDown are replaced by recorders returning fixed plans: these tests are about flags
// becoming options and plans becoming output. The plans themselves are tested in test/unit/plan.
const api = vi.hoisted(() => ({ planUp: vi.fn(), planDown: vi.fn(), down: vi.fn() }));
vi.mock('../../../src/api/up.js', () => ({ planUp: api.planUp }));
vi.mock('../../../src/api/down.js', () => ({ planDown: api.planDown, down: api.down }));

const ANONYMOUS = 'a'.repeat(64);

function upPlan(): Plan {
  const builder = new PlanBuilder();
  const recreate = builder.add(
    {
      kind: 'recreate-container',
      service: 'web',
      number: 1,
      name: 'demo-web-1',
      temporaryName: '0123456789ab_demo-web-1',
      replaced: { id: '0123456789abcdef', name: 'demo-web-1' },
      anonymousVolumes: {},
    },
    { reasons: ['environment.GREETING "hello" -> "changed"', 'network front missing'] },
  );
  builder.add({ kind: 'start-container', service: 'web', name: 'demo-web-1' }, { dependsOn: [recreate] });
  return builder.build({ project: 'demo', upToDate: ['demo-db-1'], serviceContainers: {} });
}

function downPlan(): Plan {
  const builder = new PlanBuilder();
  const stop = builder.add({ kind: 'stop-container', service: 'db', id: 'c1', name: 'demo-db-1' });
  const remove = builder.add(
    { kind: 'remove-container', service: 'db', id: 'c1', name: 'demo-db-1', removeAnonymousVolumes: true, anonymousVolumes: [{ name: ANONYMOUS, size: -1 }] },
    { dependsOn: [stop] },
  );
  builder.add({ kind: 'remove-volume', name: 'demo_data', size: 12_345_678 }, { dependsOn: [remove] });
  return builder.build({ project: 'demo', upToDate: [], serviceContainers: {} });
}

function emptyPlan(upToDate: string[] = []): Plan {
  return new PlanBuilder().build({ project: 'demo', upToDate, serviceContainers: {} });
}

beforeEach(() => {
  for (const verb of Object.values(api)) verb.mockReset();
  api.planUp.mockResolvedValue({ plan: upPlan(), text: 'not printed: the command renders the plan itself' });
  api.planDown.mockResolvedValue({ projectName: 'demo', plan: downPlan(), text: '' });
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const context = recordingContext();
  const code = await runCli(argv, context);
  return { code, out: context.out.join(''), err: context.err.join('') };
}

describe('berth plan', () => {
  it("prints up's plan, each recreate with its reasons, and passes up's planning flags on", async () => {
    expect(
      await cli(['-p', 'demo', 'plan', '--no-deps', '--force-recreate', '--remove-orphans', '--scale', 'web=2', '--pull', 'never', '--no-build', '-V', 'web']),
    ).toEqual({
      code: 0,
      out: 'recreate container demo-web-1 (environment.GREETING "hello" -> "changed"; network front missing)\nstart container demo-web-1\n',
      err: '',
    });
    expect(api.planUp.mock.calls[0]?.[0]).toMatchObject({
      projectName: 'demo',
      services: ['web'],
      noDeps: true,
      forceRecreate: true,
      removeOrphans: true,
      scale: { web: 2 },
      pull: 'never',
      build: 'never',
      renewAnonVolumes: true,
    });
  });

  it('--format json lists each action with its kind, target, service and reasons', async () => {
    const { code, out } = await cli(['plan', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      project: 'demo',
      actions: [
        {
          id: 'recreate container demo-web-1',
          kind: 'recreate-container',
          target: 'demo-web-1',
          service: 'web',
          reasons: ['environment.GREETING "hello" -> "changed"', 'network front missing'],
          dependsOn: [],
        },
        {
          id: 'start container demo-web-1',
          kind: 'start-container',
          target: 'demo-web-1',
          service: 'web',
          reasons: [],
          dependsOn: ['recreate container demo-web-1'],
        },
      ],
      upToDate: ['demo-db-1'],
      warnings: [],
    });
  });

  it('says on standard error when there is nothing to do, leaving standard output as up --dry-run leaves it', async () => {
    api.planUp.mockResolvedValue({ plan: emptyPlan(['demo-db-1', 'demo-web-1']), text: '' });
    expect(await cli(['plan'])).toEqual({ code: 0, out: '', err: 'nothing to do: 2 containers up to date\n' });
  });

  it("--down -v: down's plan, the volumes with their sizes as docker prints them", async () => {
    expect(await cli(['plan', '--down', '-v', '--remove-orphans'])).toEqual({
      code: 0,
      out: [
        'stop container demo-db-1',
        `remove container demo-db-1 (anonymous volume ${ANONYMOUS} size unknown)`,
        'remove volume demo_data (12.3MB)',
        '',
      ].join('\n'),
      err: '',
    });
    expect(api.planDown.mock.calls[0]?.[0]).toMatchObject({ volumes: true, removeOrphans: true });
    expect(api.planUp).not.toHaveBeenCalled();
  });

  it('--down -v --format json: each volume with its size in bytes', async () => {
    const { actions } = JSON.parse((await cli(['plan', '--down', '-v', '--format', 'json'])).out) as { actions: Record<string, unknown>[] };
    expect(actions[1]).toMatchObject({ kind: 'remove-container', anonymousVolumes: [{ name: ANONYMOUS, size: -1 }] });
    expect(actions[2]).toMatchObject({ kind: 'remove-volume', target: 'demo_data', size: 12_345_678 });
  });

  it("rejects down's flags without --down, and up's with it", async () => {
    const withoutDown = await cli(['plan', '-v']);
    expect(withoutDown.code).toBe(1);
    expect(withoutDown.err).toContain('-v is a flag of down: it needs --down');
    for (const argv of [['plan', '--down', 'web'], ['plan', '--down', '--force-recreate'], ['plan', '--down', '--scale', 'web=2']]) {
      const result = await cli(argv);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/and --down cannot be used together/);
    }
    expect(api.planUp).not.toHaveBeenCalled();
    expect(api.planDown).not.toHaveBeenCalled();
  });
});

describe('berth down --dry-run', () => {
  it('prints the plan with the volumes and their sizes, and removes nothing', async () => {
    const { code, out } = await cli(['--dry-run', 'down', '-v']);
    expect(code).toBe(0);
    expect(out).toContain('remove volume demo_data (12.3MB)\n');
    expect(api.planDown.mock.calls[0]?.[0]).toMatchObject({ volumes: true });
    expect(api.down).not.toHaveBeenCalled();
  });

  it("says when there is nothing to remove, as down does", async () => {
    api.planDown.mockResolvedValue({ projectName: 'demo', plan: emptyPlan(), text: '' });
    expect(await cli(['--dry-run', 'down'])).toEqual({ code: 0, out: '', err: 'warning: no resource found to remove for project "demo"\n' });
  });
});
