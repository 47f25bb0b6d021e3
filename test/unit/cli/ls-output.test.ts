import { describe, expect, it } from 'vitest';
import type { ProjectSummary } from '../../../src/api/ls.js';
import { renderLsJson, renderLsNames, renderLsTable, statusOf } from '../../../src/cli/format/ls-output.js';

const demo: ProjectSummary = {
  name: 'demo',
  states: [
    { state: 'exited', count: 1 },
    { state: 'running', count: 2 },
  ],
  configFiles: ['/srv/demo/compose.yaml', '/srv/demo/compose.override.yaml'],
};
const legacy: ProjectSummary = { name: 'legacy', states: [{ state: 'running', count: 1 }], configFiles: undefined };

describe('ls table', () => {
  it('has docker compose v2 columns NAME STATUS CONFIG FILES, at least twenty wide', () => {
    expect(renderLsTable([demo, legacy])).toBe(
      [
        'NAME                STATUS                  CONFIG FILES',
        'demo                exited(1), running(2)   /srv/demo/compose.yaml,/srv/demo/compose.override.yaml',
        'legacy              running(1)              N/A',
        '',
      ].join('\n'),
    );
  });

  it('is only the heading when no project runs', () => {
    expect(renderLsTable([])).toBe('NAME                STATUS              CONFIG FILES\n');
  });
});

describe('ls --format json and -q', () => {
  it("prints one array with docker compose's keys Name, Status, ConfigFiles", () => {
    const text = renderLsJson([demo, legacy]);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    const records = JSON.parse(text) as Record<string, unknown>[];
    expect(records.map((record) => Object.keys(record))).toEqual([
      ['Name', 'Status', 'ConfigFiles'],
      ['Name', 'Status', 'ConfigFiles'],
    ]);
    expect(records[0]).toEqual({ Name: 'demo', Status: 'exited(1), running(2)', ConfigFiles: '/srv/demo/compose.yaml,/srv/demo/compose.override.yaml' });
    expect(records[1]).toEqual({ Name: 'legacy', Status: 'running(1)', ConfigFiles: 'N/A' });
    expect(renderLsJson([])).toBe('[]\n');
  });

  it('-q prints the names, one per line', () => {
    expect(renderLsNames([demo, legacy])).toBe('demo\nlegacy\n');
  });

  it('joins the states as docker compose does', () => {
    expect(statusOf({ ...demo, states: [] })).toBe('');
  });
});
