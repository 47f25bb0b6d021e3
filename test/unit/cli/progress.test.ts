import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsonProgress } from '../../../src/cli/progress/json-progress.js';
import { plainProgress } from '../../../src/cli/progress/plain-progress.js';
import { createProgressRenderer, progressStyle } from '../../../src/cli/progress/progress-renderer.js';
import { ttyProgress } from '../../../src/cli/progress/tty-progress.js';
import type { ProgressEvent } from '../../../src/plan/progress.js';
import { recordingContext } from './context.js';

const events: ProgressEvent[] = [
  { resource: 'Network', name: 'demo_default', status: 'working', text: 'Creating' },
  { resource: 'Network', name: 'demo_default', status: 'done', text: 'Created' },
  { resource: 'Container', name: 'demo-web-1', status: 'working', text: 'Starting' },
  { resource: 'Container', name: 'demo-web-1', status: 'working', text: 'Starting' },
  { resource: 'Container', name: 'demo-web-1', status: 'done', text: 'Started' },
  { resource: 'Container', name: 'demo-db-1', status: 'error', text: 'Error', detail: 'port is already allocated' },
];

describe('plain progress', () => {
  it('prints docker compose lines, once per change', async () => {
    const out: string[] = [];
    const renderer = plainProgress((text) => out.push(text), { dryRun: false });
    for (const event of events) renderer.sink(event);
    await renderer.finish();
    expect(out.join('')).toBe(
      [
        'Network demo_default  Creating',
        'Network demo_default  Created',
        'Container demo-web-1  Starting',
        'Container demo-web-1  Started',
        'Container demo-db-1  Error port is already allocated',
        '',
      ].join('\n'),
    );
  });

  it('marks every line in a dry run', () => {
    const out: string[] = [];
    plainProgress((text) => out.push(text), { dryRun: true }).sink({ resource: 'Container', name: 'demo-web-1', status: 'done', text: 'Stopped' });
    expect(out).toEqual(['DRY-RUN MODE - Container demo-web-1  Stopped\n']);
  });
});

describe('json progress', () => {
  it('prints each event as one object a line', () => {
    const out: string[] = [];
    const renderer = jsonProgress((text) => out.push(text), { dryRun: false });
    renderer.sink({ resource: 'Container', name: 'demo-web-1', status: 'done', text: 'Started' });
    renderer.sink({ resource: 'Image', name: 'nginx', status: 'error', text: 'Error', detail: 'not found' });
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual([
      { resource: 'Container', name: 'demo-web-1', status: 'done', text: 'Started' },
      { resource: 'Image', name: 'nginx', status: 'error', text: 'Error', detail: 'not found' },
    ]);
    expect(out.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  });
});

describe('progress style', () => {
  const settings = (progress: 'auto' | 'tty' | 'plain' | 'json' | 'quiet', ansi: 'auto' | 'never' | 'always' = 'auto') => ({ progress, ansi, dryRun: false });

  it('is what --progress says, and for auto depends on the terminal and --ansi', () => {
    const terminal = recordingContext({ isTerminal: () => true });
    const pipe = recordingContext({ isTerminal: () => false });
    expect(progressStyle(settings('json'), terminal)).toBe('json');
    expect(progressStyle(settings('quiet'), terminal)).toBe('quiet');
    expect(progressStyle(settings('auto'), terminal)).toBe('tty');
    expect(progressStyle(settings('auto'), pipe)).toBe('plain');
    expect(progressStyle(settings('auto', 'never'), terminal)).toBe('plain');
    expect(progressStyle(settings('auto', 'always'), pipe)).toBe('tty');
  });

  it('falls back to plain lines when there is no terminal to draw on, and quiet prints nothing', async () => {
    const context = recordingContext();
    const tty = await createProgressRenderer('tty', context, { title: 'Running', dryRun: false });
    tty.sink({ resource: 'Container', name: 'demo-web-1', status: 'done', text: 'Started' });
    const quiet = await createProgressRenderer('quiet', context, { title: 'Running', dryRun: false });
    quiet.sink({ resource: 'Container', name: 'demo-web-1', status: 'done', text: 'Stopped' });
    await Promise.all([tty.finish(), quiet.finish()]);
    expect(context.err).toEqual(['Container demo-web-1  Started\n']);
    expect(context.out).toEqual([]);
  });
});

describe('tty progress (listr2)', () => {
  it('draws a heading with a count and one line per resource, names aligned', async () => {
    const chunks: string[] = [];
    const terminal = Object.assign(
      new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          chunks.push(chunk.toString());
          done();
        },
      }),
      { isTTY: true, columns: 100, rows: 40 },
    ) as unknown as NodeJS.WriteStream;
    const renderer = await ttyProgress(terminal, { title: 'Running', dryRun: false });
    for (const event of events) renderer.sink(event);
    await renderer.finish();
    const screen = stripVTControlCharacters(chunks.join(''));
    expect(screen).toContain('Running 3/3');
    const last = screen.slice(screen.lastIndexOf('Running 3/3'));
    expect(last).toContain(' ✔ Network demo_default  Created\n');
    expect(last).toContain(' ✔ Container demo-web-1  Started\n');
    expect(last).toContain(' ✖ Container demo-db-1   Error port is already allocated\n');
  });
});
