import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComposeProject, Service } from '../../../src/model/index.js';
import { isAlwaysIgnored } from '../../../src/watch/default-ignores.js';
import { TriggerRules, loadTriggerRules } from '../../../src/watch/trigger-rules.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function projectDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-rules-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function model(services: Record<string, Partial<Service>>): ComposeProject {
  return { name: 'demo', services } as unknown as ComposeProject;
}

describe('loadTriggerRules and matches', () => {
  it('sends a path to every rule it falls under, relative to the rule path', async () => {
    const dir = projectDir();
    const rules = await loadTriggerRules(
      model({
        web: { develop: { watch: [{ path: `${dir}/src`, action: 'sync', target: '/app' }, { path: `${dir}/src/package.json`, action: 'rebuild' }] }, build: { context: dir } },
        api: { develop: { watch: [{ path: `${dir}/src/api`, action: 'sync+restart', target: '/srv' }] } },
      }),
      ['web', 'api'],
    );
    const matches = rules.matches(`${dir}/src/api/main.js`).map((match) => `${match.trigger.service}:${match.trigger.index}:${match.relative}`);
    expect(matches).toEqual(['api:0:main.js', 'web:0:api/main.js']);
    expect(rules.matches(`${dir}/src/package.json`).map((match) => `${match.trigger.service}:${match.trigger.index}:${match.relative}`)).toEqual([
      'web:0:package.json',
      'web:1:',
    ]);
    expect(rules.matches(`${dir}/srcx/a`)).toEqual([]);
    expect(rules.services).toEqual(['api', 'web']);
    expect(rules.roots).toEqual([`${dir}/src`, `${dir}/src/api`, `${dir}/src/package.json`]);
  });

  it('applies the rule ignore, the build context .dockerignore, include, and the ignores that always apply', async () => {
    const dir = projectDir({ '.dockerignore': 'dist\n*.md\n!KEEP.md\n' });
    const rules = await loadTriggerRules(
      model({
        web: {
          build: { context: dir, dockerfile: 'Dockerfile' },
          develop: { watch: [{ path: `${dir}/src`, action: 'sync', target: '/app', ignore: ['node_modules/', '**/*.log'] }] },
        },
        go: { develop: { watch: [{ path: `${dir}/cmd`, action: 'rebuild', include: ['*.go'] }] }, build: { context: `${dir}/cmd` } },
      }),
      ['web', 'go'],
    );
    const synced = (file: string): boolean => rules.matches(`${dir}/${file}`).length > 0;
    expect(synced('src/index.js')).toBe(true);
    expect(synced('src/node_modules/x/index.js')).toBe(false);
    expect(synced('src/a/b/debug.log')).toBe(false);
    // The context's .dockerignore is relative to the context, not to the rule.
    expect(synced('src/README.md')).toBe(true);
    const inContext = await loadTriggerRules(
      model({ web: { build: { context: dir }, develop: { watch: [{ path: dir, action: 'sync', target: '/app' }] } } }),
      ['web'],
    );
    expect(inContext.matches(`${dir}/README.md`)).toEqual([]);
    expect(inContext.matches(`${dir}/KEEP.md`)).toHaveLength(1);
    expect(inContext.matches(`${dir}/dist/bundle.js`)).toEqual([]);

    expect(synced('cmd/main.go')).toBe(true);
    expect(synced('cmd/notes.txt')).toBe(false);
    expect(synced('src/.git/HEAD')).toBe(false);
    expect(synced('src/.index.js.swp')).toBe(false);
    expect(synced('src/index.js~')).toBe(false);
  });

  it('refuses rules that cannot work', async () => {
    const dir = projectDir();
    await expect(loadTriggerRules(model({ web: { develop: { watch: [{ path: dir, action: 'sync' }] } } }), ['web'])).rejects.toThrow(
      'service "web": develop.watch[0]: action sync needs a target',
    );
    await expect(loadTriggerRules(model({ web: { develop: { watch: [{ path: dir, action: 'rebuild' }] } } }), ['web'])).rejects.toThrow(
      'action rebuild needs a build section',
    );
    await expect(loadTriggerRules(model({ web: { develop: { watch: [{ path: dir, action: 'sync+exec', target: '/app' }] } } }), ['web'])).rejects.toThrow(
      'action sync+exec needs exec.command',
    );
    await expect(loadTriggerRules(model({ web: { develop: { watch: [{ path: dir, action: 'sync', target: 'app' }] } } }), ['web'])).rejects.toThrow(
      'is not an absolute path',
    );
  });

  it('prunes only directories every covering rule ignores, never one leading to a watched path', async () => {
    const dir = projectDir();
    const rules = await loadTriggerRules(
      model({
        web: { develop: { watch: [{ path: `${dir}/src`, action: 'sync', target: '/app', ignore: ['node_modules', 'build', '!build/keep'] }] } },
        api: { develop: { watch: [{ path: `${dir}/src/api`, action: 'sync', target: '/srv' }] } },
      }),
      ['web', 'api'],
    );
    expect(rules.prunes(`${dir}/src/node_modules`)).toBe(true);
    expect(rules.prunes(`${dir}/src/.git`)).toBe(true);
    // An exception may take back something below it.
    expect(rules.prunes(`${dir}/src/build`)).toBe(false);
    expect(rules.prunes(`${dir}/src/lib`)).toBe(false);
    // Ignored by web, but api watches below it... api's own path is never pruned.
    expect(rules.prunes(`${dir}/src/api`)).toBe(false);
    expect(rules.prunes(dir)).toBe(false);
    expect(rules.prunes(`${dir}/src/node_modules`, [`${dir}/src/node_modules/compose.yaml`])).toBe(false);
  });

  it('maps a path to its place under the target', async () => {
    const dir = projectDir();
    const rules = await loadTriggerRules(model({ web: { develop: { watch: [{ path: `${dir}/src`, action: 'sync', target: '/app' }] } } }), ['web']);
    const trigger = rules.triggers[0];
    if (trigger === undefined) throw new Error('no trigger');
    expect(TriggerRules.containerPath(trigger, 'a/b.js')).toBe('/app/a/b.js');
    expect(TriggerRules.containerPath(trigger, '')).toBe('/app');
  });
});

describe('isAlwaysIgnored', () => {
  it('knows the editors’ temporaries, .git and .idea, and the probe', () => {
    for (const name of ['.git/config', 'a/.idea/workspace.xml', 'x.js___jb_tmp___', '.#x.js', '#x.js#', '4913', 'x.js~', '.x.js.swp', '.x.js.swx', 'a/.x.kate-swp', 'q-go-tmp-umask', '.berth-watch-probe-1-ab']) {
      expect(isAlwaysIgnored(name), name).toBe(true);
    }
    for (const name of ['index.js', 'x.swp', '.gitignore', 'git/x', 'a#b']) expect(isAlwaysIgnored(name), name).toBe(false);
  });
});
