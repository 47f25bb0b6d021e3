import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli, reportError } from '../../../src/cli/main.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { BerthError } from '../../../src/errors.js';
import { recordingContext } from './context.js';

const loader = vi.hoisted(() => ({
  loadProject: vi.fn(),
  loadComposeDocuments: vi.fn(),
}));

vi.mock('../../../src/api/load-project.js', () => loader);

beforeEach(() => {
  loader.loadProject.mockReset();
});

describe('error rendering', () => {
  it('prints a BerthError as error and hint lines, exit 1, no stack', async () => {
    loader.loadProject.mockRejectedValue(
      new ConfigError('additional property "portz" is not allowed', { file: 'compose.yaml', line: 7, column: 7, path: ['services', 'web', 'portz'] }, { hint: 'did you mean "ports"?' }),
    );
    const context = recordingContext();
    expect(await runCli(['config'], context)).toBe(1);
    expect(context.err.join('')).toBe(
      'error: compose.yaml:7:7: services.web.portz: additional property "portz" is not allowed\nhint: did you mean "ports"?\n',
    );
    expect(context.out).toEqual([]);
  });

  it('shows the stack with BERTH_DEBUG=1', async () => {
    loader.loadProject.mockRejectedValue(new BerthError('config', 'broken'));
    const context = recordingContext({ env: { BERTH_DEBUG: '1' } });
    expect(await runCli(['config'], context)).toBe(1);
    const err = context.err.join('');
    expect(err).toMatch(/^error: broken\n/);
    expect(err).toMatch(/\n\s+at /);
  });

  it('reports any other error as an internal error, stack only under BERTH_DEBUG', async () => {
    loader.loadProject.mockRejectedValue(new TypeError('x is undefined'));
    const plain = recordingContext();
    expect(await runCli(['config'], plain)).toBe(1);
    const err = plain.err.join('');
    expect(err).toMatch(/^internal error: x is undefined\nhint: .*BERTH_DEBUG=1/);
    expect(err).not.toMatch(/\n\s+at /);

    const debug = recordingContext({ env: { BERTH_DEBUG: '1' } });
    expect(await runCli(['config'], debug)).toBe(1);
    expect(debug.err.join('')).toMatch(/TypeError: x is undefined\n\s+at /);
  });

  it('shows the causes of an error under BERTH_DEBUG', () => {
    const context = recordingContext({ env: { BERTH_DEBUG: '1' } });
    reportError(new BerthError('config', 'outer', { cause: new Error('inner') }), context);
    expect(context.err.join('')).toContain('caused by: Error: inner');
  });

  it('omits the hint line when there is none', () => {
    const context = recordingContext();
    reportError(new BerthError('config', 'no hint here'), context);
    expect(context.err).toEqual(['error: no hint here\n']);
  });
});
