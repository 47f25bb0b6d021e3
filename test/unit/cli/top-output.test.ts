import { describe, expect, it } from 'vitest';
import type { ContainerTop } from '../../../src/api/top.js';
import { renderTop } from '../../../src/cli/format/top-output.js';

const PS_TITLES = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'];

function container(name: string, processes: string[][]): ContainerTop {
  return { name, service: 'web', number: 1, titles: PS_TITLES, processes };
}

describe('top output', () => {
  it("prints each container's name, then its processes aligned as docker compose aligns them", () => {
    const web = container('demo-web-1', [
      ['root', '142353', '142331', '2', '15:33', '?', '00:00:00', 'ping localhost -c 5'],
      ['root', '7', '142353', '0', '15:33', '?', '00:00:00', 'sleep 1'],
    ]);
    expect(renderTop([web])).toBe(
      [
        'demo-web-1',
        'UID    PID      PPID     C    STIME   TTY   TIME       CMD',
        'root   142353   142331   2    15:33   ?     00:00:00   ping localhost -c 5',
        'root   7        142353   0    15:33   ?     00:00:00   sleep 1',
        '',
        '',
      ].join('\n'),
    );
  });

  it('aligns each container on its own, and prints nothing for none', () => {
    const text = renderTop([container('a-1', [['1000', '1', '0', '0', '10:00', '?', '00:00:01', 'sh']]), container('b-1', [])]);
    expect(text.split('\n')).toEqual([
      'a-1',
      'UID    PID   PPID   C    STIME   TTY   TIME       CMD',
      '1000   1     0      0    10:00   ?     00:00:01   sh',
      '',
      'b-1',
      'UID   PID   PPID   C    STIME   TTY   TIME   CMD',
      '',
      '',
    ]);
    expect(renderTop([])).toBe('');
  });
});
