import { describe, expect, it } from 'vitest';
import type { ContainerEvent } from '../../../src/api/events.js';
import { renderEventJson, renderEventLine } from '../../../src/cli/format/events-output.js';

const ID = 'd2763e024a10aa5f0d1e5f6c1b3e2d4c5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c';

function event(overrides: Partial<ContainerEvent> = {}): ContainerEvent {
  return {
    // 2024-05-02T12:21:53.123456Z (a multiple of 256 ns, so exact as a double).
    timeNano: 1_714_652_513_123_456_000,
    type: 'container',
    action: 'start',
    id: ID,
    service: 'web',
    attributes: { name: 'demo-web-1', image: 'busybox', exitCode: '0' },
    ...overrides,
  };
}

describe('events lines', () => {
  it('prints local time to the microsecond, the action, the id and the attributes sorted, as docker compose does', () => {
    expect(renderEventLine(event(), { utcOffsetMinutes: 0 })).toBe(
      `2024-05-02 12:21:53.123456 container start ${ID} (exitCode=0, image=busybox, name=demo-web-1)\n`,
    );
    expect(renderEventLine(event({ action: 'health_status: healthy', attributes: {} }), { utcOffsetMinutes: 120 })).toBe(
      `2024-05-02 14:21:53.123456 container health_status: healthy ${ID} ()\n`,
    );
  });
});

describe('events --json', () => {
  it("prints one object per line with docker compose's keys in Go's map order and an RFC 3339 time", () => {
    const line = renderEventJson(event(), { utcOffsetMinutes: 0 });
    expect(line.endsWith('\n')).toBe(true);
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['action', 'attributes', 'id', 'service', 'time', 'type']);
    expect(record).toEqual({
      action: 'start',
      attributes: { exitCode: '0', image: 'busybox', name: 'demo-web-1' },
      id: ID,
      service: 'web',
      time: '2024-05-02T12:21:53.123456Z',
      type: 'container',
    });
  });

  it('writes the zone as an offset away from UTC, and no fraction for a whole second', () => {
    const record = JSON.parse(renderEventJson(event({ timeNano: 1_714_652_513_000_000_000 }), { utcOffsetMinutes: -330 })) as { time: string };
    expect(record.time).toBe('2024-05-02T06:51:53-05:30');
  });
});
