import { describe, expect, it } from 'vitest';
import { describeContainerState, humanDuration } from '../../../../src/engine/docker/container-status.js';

const NOW = new Date('2026-01-10T12:00:00Z');
const ZERO = '0001-01-01T00:00:00Z';

describe('humanDuration', () => {
  it.each([
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [1000, '1 second'],
    [42_000, '42 seconds'],
    [60_000, 'About a minute'],
    [119_000, 'About a minute'],
    [120_000, '2 minutes'],
    [59 * 60_000, '59 minutes'],
    [3_600_000, 'About an hour'],
    [5 * 3_600_000, '5 hours'],
    [47 * 3_600_000, '47 hours'],
    [3 * 86_400_000, '3 days'],
    [20 * 86_400_000, '2 weeks'],
    [90 * 86_400_000, '3 months'],
    [800 * 86_400_000, '2 years'],
  ])('%d ms is %s', (milliseconds, words) => {
    expect(humanDuration(milliseconds)).toBe(words);
  });
});

describe('describeContainerState', () => {
  it('words a running container with its uptime and health', () => {
    const running = { Status: 'running', Running: true, StartedAt: '2026-01-10T11:57:00Z', FinishedAt: ZERO };
    expect(describeContainerState(running, NOW)).toBe('Up 3 minutes');
    expect(describeContainerState({ ...running, Health: { Status: 'healthy' } }, NOW)).toBe('Up 3 minutes (healthy)');
    expect(describeContainerState({ ...running, Health: { Status: 'starting' } }, NOW)).toBe('Up 3 minutes (health: starting)');
    expect(describeContainerState({ ...running, Paused: true }, NOW)).toBe('Up 3 minutes (Paused)');
  });

  it('words a restarting container from when it last stopped', () => {
    const state = { Status: 'restarting', Running: true, Restarting: true, ExitCode: 1, StartedAt: '2026-01-10T11:00:00Z', FinishedAt: '2026-01-10T11:59:58Z' };
    expect(describeContainerState(state, NOW)).toBe('Restarting (1) 2 seconds ago');
  });

  it('words created, exited, dead and removing containers', () => {
    expect(describeContainerState({ Status: 'created', StartedAt: ZERO, FinishedAt: ZERO }, NOW)).toBe('Created');
    expect(describeContainerState({ Status: 'exited', ExitCode: 137, StartedAt: '2026-01-10T09:00:00Z', FinishedAt: '2026-01-10T10:00:00Z' }, NOW)).toBe(
      'Exited (137) 2 hours ago',
    );
    expect(describeContainerState({ Status: 'dead', Dead: true, StartedAt: '2026-01-10T09:00:00Z' }, NOW)).toBe('Dead');
    expect(describeContainerState({ Status: 'removing', StartedAt: '2026-01-10T09:00:00Z' }, NOW)).toBe('Removal In Progress');
  });
});
