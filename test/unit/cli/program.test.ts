import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoadOptions } from '../../../src/api/load-project.js';
import { configView } from '../../../src/cli/commands/config.js';
import { runCli } from '../../../src/cli/main.js';
import { GLOBAL_VALUE_FLAGS, commandWord } from '../../../src/cli/command-word.js';
import { createProgram } from '../../../src/cli/program.js';
import { recordingContext } from './context.js';
import { fakeProject } from './fake-project.js';

const loader = vi.hoisted(() => ({
  loadProject: vi.fn(),
  loadComposeDocuments: vi.fn(),
}));

vi.mock('../../../src/api/load-project.js', () => loader);

beforeEach(() => {
  loader.loadProject.mockReset();
  loader.loadProject.mockResolvedValue(fakeProject());
  loader.loadComposeDocuments.mockReset();
});

async function optionsFor(argv: string[]): Promise<LoadOptions> {
  const context = recordingContext();
  const code = await runCli(argv, context);
  expect(context.err.join('')).toBe('');
  expect(code).toBe(0);
  const call = loader.loadProject.mock.calls[0] as [LoadOptions] | undefined;
  if (!call) throw new Error('loadProject was not called');
  return call[0];
}

describe('berth global flags', () => {
  it('turn into LoadOptions', async () => {
    const options = await optionsFor([
      '-f', 'a.yaml', '--file', 'b.yaml', '-p', 'shop', '--project-directory', 'dir',
      '--env-file', 'one.env', '--env-file', 'two.env', '--profile', 'debug', '--profile', 'tools',
      '--ansi', 'never', '--progress', 'plain', '--dry-run', 'config', '-q',
    ]);
    expect(options).toMatchObject({
      workingDir: '/work/project',
      files: ['a.yaml', 'b.yaml'],
      projectName: 'shop',
      projectDirectory: 'dir',
      envFiles: ['one.env', 'two.env'],
      profiles: ['debug', 'tools'],
      interpolate: true,
      normalize: true,
      resolvePaths: true,
      services: [],
    });
  });

  it('are accepted after the command name too', async () => {
    const options = await optionsFor(['config', '-q', '-f', 'x.yaml', '--project-name', 'p']);
    expect(options).toMatchObject({ files: ['x.yaml'], projectName: 'p' });
  });

  it('pass services and the --no-* switches of config through', async () => {
    const options = await optionsFor(['config', '-q', '--no-interpolate', '--no-normalize', '--no-path-resolution', 'web', 'db']);
    expect(options).toMatchObject({ interpolate: false, normalize: false, resolvePaths: false, services: ['web', 'db'] });
  });

  it('reject a value that is not a choice', async () => {
    const context = recordingContext();
    expect(await runCli(['--ansi', 'sometimes', 'config'], context)).toBe(1);
    expect(context.err.join('')).toContain("argument 'sometimes' is invalid");
    expect(loader.loadProject).not.toHaveBeenCalled();
  });

  it('reject an unknown flag with exit code 1', async () => {
    const context = recordingContext();
    expect(await runCli(['config', '--frobnicate'], context)).toBe(1);
    expect(context.err.join('')).toContain("unknown option '--frobnicate'");
  });
});

describe('berth --version and --help', () => {
  it('prints the version', async () => {
    for (const flag of ['--version', '-v']) {
      const context = recordingContext();
      expect(await runCli([flag], context)).toBe(0);
      expect(context.out.join('')).toMatch(/^berth version \d+\.\d+\.\d+/);
    }
  });

  it('prints help for the program and for config, with exit code 0', async () => {
    const program = recordingContext();
    expect(await runCli(['--help'], program)).toBe(0);
    const help = program.out.join('');
    for (const flag of ['--file', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--progress', '--dry-run', '--version']) {
      expect(help).toContain(flag);
    }
    const config = recordingContext();
    expect(await runCli(['config', '--help'], config)).toBe(0);
    const configHelp = config.out.join('');
    for (const flag of ['--format', '--quiet', '--services', '--volumes', '--networks', '--profiles', '--images', '--hash', '--no-interpolate', '--no-normalize', '--no-path-resolution', '--environment', '--variables', '--output']) {
      expect(configHelp).toContain(flag);
    }
  });
});

describe('berth config output', () => {
  async function run(argv: string[]): Promise<string> {
    const context = recordingContext();
    expect(await runCli(argv, context)).toBe(0);
    return context.out.join('');
  }

  it('prints the model as YAML by default and as JSON on request', async () => {
    expect(await run(['config'])).toMatch(/^name: shop\nservices:\n {2}web:\n {4}image: nginx:1\.2\n/);
    const json = JSON.parse(await run(['config', '--format', 'json'])) as { name: string };
    expect(json.name).toBe('shop');
  });

  it('shows only the named services and their dependencies', async () => {
    const json = JSON.parse(await run(['config', '--format', 'json', 'web'])) as { services: Record<string, unknown> };
    expect(Object.keys(json.services)).toEqual(['web', 'db']);
  });

  it('lists services in dependency order, and volumes, networks, profiles and images sorted', async () => {
    expect(await run(['config', '--services'])).toBe('db\nweb\nworker\n');
    expect(await run(['config', '--volumes'])).toBe('data\n');
    expect(await run(['config', '--networks'])).toBe('back\ndefault\n');
    expect(await run(['config', '--profiles'])).toBe('debug\nfront\ntools\n');
    expect(await run(['config', '--images'])).toBe('postgres:16\nnginx:1.2\nshop-worker\n');
  });

  it('prints the hash of each service', async () => {
    const out = await run(['config', '--hash', '*']);
    expect(out).toMatch(/^db [0-9a-f]{64}\nweb [0-9a-f]{64}\nworker [0-9a-f]{64}\n$/);
    expect(await run(['config', '--hash', 'web'])).toMatch(/^web [0-9a-f]{64}\n$/);
  });

  it('fails on an unknown service', async () => {
    const context = recordingContext();
    expect(await runCli(['config', 'nope'], context)).toBe(1);
    expect(context.err[0]).toBe('error: no such service: nope\n');
  });

  it('prints the interpolation environment', async () => {
    expect(await run(['config', '--environment'])).toBe('COMPOSE_PROJECT_NAME=shop\nHOME=/home/me\nTAG=1.2\n');
  });

  it('prints nothing with --quiet', async () => {
    expect(await run(['config', '--quiet'])).toBe('');
  });
});

describe('configView', () => {
  const flags = { interpolate: true, normalize: true, pathResolution: true };

  it('defaults to the model as YAML', () => {
    expect(configView(flags)).toEqual({ kind: 'model', format: 'yaml' });
    expect(configView({ ...flags, format: 'json' })).toEqual({ kind: 'model', format: 'json' });
  });

  it('lets the first list flag win, in docker compose order', () => {
    expect(configView({ ...flags, services: true, volumes: true })).toEqual({ kind: 'services' });
    expect(configView({ ...flags, images: true, hash: '*' })).toEqual({ kind: 'hash', selector: '*' });
    expect(configView({ ...flags, environment: true, variables: true })).toBe('variables');
  });
});

describe('berth with no arguments', () => {
  it('prints the help on standard output and succeeds', async () => {
    const context = recordingContext();
    expect(await runCli([], context)).toBe(0);
    expect(context.out.join('')).toContain('Usage: berth');
  });
});

describe('commandWord', () => {
  it('finds the command after global flags and their values, and nothing in a bare flag list', () => {
    expect(commandWord(['-f', 'a.yaml', '--project-name', 'demo', 'up', '-d'])).toBe('up');
    expect(commandWord(['--file=a.yaml', '--dry-run', 'config'])).toBe('config');
    expect(commandWord(['--profile', 'debug', '-p', 'x', 'logs', 'web'])).toBe('logs');
    expect(commandWord(['--help'])).toBeUndefined();
  });

  it('knows every global flag that takes a value', () => {
    const program = createProgram(recordingContext(), '0.0.0');
    const flags = program.options.filter((option) => option.required || option.optional).flatMap((option) => [option.short, option.long]);
    expect([...GLOBAL_VALUE_FLAGS].sort()).toEqual(flags.filter((flag) => flag !== undefined).sort());
  });
});
