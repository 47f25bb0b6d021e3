import { describe, expect, it } from 'vitest';
import { collect, globalSettings, toLoadOptions } from '../../../src/cli/global-options.js';
import { recordingContext } from './context.js';

describe('toLoadOptions', () => {
  it('maps every global flag to the loader option of the same meaning', async () => {
    const context = recordingContext({ env: { A: '1' }, readStdin: () => Promise.resolve('from stdin') });
    const options = toLoadOptions(
      {
        file: ['a.yaml', '-'],
        projectName: 'shop',
        projectDirectory: 'dir',
        envFile: ['x.env', 'y.env'],
        profile: ['debug', 'tools'],
        ansi: 'never',
        dryRun: true,
      },
      context,
    );
    expect(options).toMatchObject({
      workingDir: '/work/project',
      files: ['a.yaml', '-'],
      projectName: 'shop',
      projectDirectory: 'dir',
      envFiles: ['x.env', 'y.env'],
      profiles: ['debug', 'tools'],
      env: { A: '1' },
    });
    await expect(options.stdin?.()).resolves.toBe('from stdin');
    options.onWarning?.('careful');
    expect(context.err).toEqual(['warning: careful\n']);
  });

  it('leaves absent flags undefined so the loader applies its defaults', () => {
    const options = toLoadOptions({}, recordingContext());
    expect(options.files).toBeUndefined();
    expect(options.projectName).toBeUndefined();
    expect(options.envFiles).toBeUndefined();
    expect(options.profiles).toBeUndefined();
  });
});

describe('globalSettings', () => {
  it('takes the flags first, then COMPOSE_ANSI, COMPOSE_PROGRESS and COMPOSE_DRY_RUN, then defaults', () => {
    expect(globalSettings({}, {})).toEqual({ ansi: 'auto', progress: 'auto', dryRun: false, ci: false });
    const env = { COMPOSE_ANSI: 'never', COMPOSE_PROGRESS: 'plain', COMPOSE_DRY_RUN: 'true' };
    expect(globalSettings({}, env)).toEqual({ ansi: 'never', progress: 'plain', dryRun: true, ci: false });
    expect(globalSettings({ ansi: 'always', progress: 'quiet', dryRun: false }, env)).toEqual({
      ansi: 'always',
      progress: 'quiet',
      dryRun: false,
      ci: false,
    });
  });

  it('turns CI mode on with --ci, or CI set to true or 1 (any case), and off with --no-ci', () => {
    for (const value of ['true', 'TRUE', 'True', '1']) expect(globalSettings({}, { CI: value }).ci).toBe(true);
    for (const value of ['false', '0', '', 'no']) expect(globalSettings({}, { CI: value }).ci).toBe(false);
    expect(globalSettings({ ci: true }, {}).ci).toBe(true);
    expect(globalSettings({ ci: false }, { CI: 'true' }).ci).toBe(false);
  });

  it('makes progress plain and colourless in CI mode unless a flag or its variable says otherwise', () => {
    expect(globalSettings({}, { CI: 'true' })).toEqual({ ansi: 'never', progress: 'plain', dryRun: false, ci: true });
    expect(globalSettings({ ansi: 'always' }, { CI: 'true' })).toMatchObject({ ansi: 'always', progress: 'plain' });
    expect(globalSettings({ progress: 'json' }, { CI: 'true' })).toMatchObject({ ansi: 'never', progress: 'json' });
    expect(globalSettings({}, { CI: 'true', COMPOSE_PROGRESS: 'tty', COMPOSE_ANSI: 'always' })).toMatchObject({ ansi: 'always', progress: 'tty' });
  });

  it('ignores environment values that are not a choice', () => {
    expect(globalSettings({}, { COMPOSE_ANSI: 'sometimes' }).ansi).toBe('auto');
  });
});

describe('collect', () => {
  it('appends each occurrence', () => {
    expect(collect('b', collect('a', undefined))).toEqual(['a', 'b']);
  });
});
