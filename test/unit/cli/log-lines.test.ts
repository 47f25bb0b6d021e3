import { describe, expect, it } from 'vitest';
import type { LogLine, LogSource } from '../../../src/api/logs.js';
import { paint, wantsColor } from '../../../src/cli/format/colors.js';
import { logLineFormatter } from '../../../src/cli/format/log-lines.js';

const web: LogSource = { name: 'demo-web-1', service: 'web', number: 1, label: 'web-1' };
const worker: LogSource = { name: 'demo-worker-1', service: 'worker', number: 1, label: 'worker-1' };
const line = (source: LogSource, text: string): LogLine => ({ source, stream: 'stdout', text });

describe('log lines', () => {
  it('are prefixed with the container, bars aligned one space past the longest label', () => {
    const format = logLineFormatter([web, worker], { color: false, prefix: true });
    expect(format(line(web, 'hello'))).toBe('web-1     | hello\n');
    expect(format(line(worker, 'working'))).toBe('worker-1  | working\n');
  });

  it('read `service-1  | ` with a single container', () => {
    expect(logLineFormatter([web], { color: false, prefix: true })(line(web, 'x'))).toBe('web-1  | x\n');
  });

  it('give each container a colour of its own', () => {
    const format = logLineFormatter([web, worker], { color: true, prefix: true });
    expect(format(line(web, 'a'))).toBe(`${paint('web-1     |', 0)} a\n`);
    expect(format(line(worker, 'b'))).toBe(`${paint('worker-1  |', 1)} b\n`);
    expect(paint('x', 0)).toBe('\u001b[36mx\u001b[0m');
  });

  it('are bare with --no-log-prefix', () => {
    expect(logLineFormatter([web], { color: true, prefix: false })(line(web, 'plain'))).toBe('plain\n');
  });
});

describe('wantsColor', () => {
  it('follows --ansi, then NO_COLOR, then whether the output is a terminal', () => {
    expect(wantsColor('never', {}, true)).toBe(false);
    expect(wantsColor('always', { NO_COLOR: '1' }, false)).toBe(true);
    expect(wantsColor('auto', { NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor('auto', { NO_COLOR: '' }, true)).toBe(true);
    expect(wantsColor('auto', {}, false)).toBe(false);
  });
});
