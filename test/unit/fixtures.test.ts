/**
 * The fixture corpus (test/fixtures/NN-topic/): each folder is a compose project with the output
 * docker compose gives for it (`expected.json`, the `config --format json` shape), or the error it
 * must fail with (`expected-error.txt`). See test/fixtures/README.md.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProject, type LoadOptions } from '../../src/config/load.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** The loader options a fixture may set in `fixture.json`. */
interface FixtureOptions {
  files?: string[];
  profiles?: string[];
  services?: string[];
  env?: Record<string, string>;
  envFiles?: string[];
  projectName?: string;
}

type Expectation = { kind: 'model'; value: unknown } | { kind: 'error'; message: string; hint?: string };

interface Fixture {
  name: string;
  dir: string;
  options: FixtureOptions;
  expectation: Expectation;
  /** From `expected-warnings.txt` (one warning a line), when the fixture has one. */
  warnings: string[] | undefined;
}

const OPTION_KEYS = new Set(['files', 'profiles', 'services', 'env', 'envFiles', 'projectName']);

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}

/** Reads and checks `fixture.json`, so a typo in a fixture fails loudly instead of being ignored. */
function readOptions(dir: string): FixtureOptions {
  const file = path.join(dir, 'fixture.json');
  if (!existsSync(file)) return {};
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isRecord(raw)) throw new Error(`${file}: must hold a JSON object`);
  const unknownKeys = Object.keys(raw).filter((key) => !OPTION_KEYS.has(key));
  if (unknownKeys.length > 0) throw new Error(`${file}: unknown option(s) ${unknownKeys.join(', ')}`);
  const options: FixtureOptions = {};
  for (const key of ['files', 'profiles', 'services', 'envFiles'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!isStringArray(value)) throw new Error(`${file}: "${key}" must be an array of strings`);
    options[key] = value;
  }
  if (raw.env !== undefined) {
    if (!isStringRecord(raw.env)) throw new Error(`${file}: "env" must map names to strings`);
    options.env = raw.env;
  }
  if (raw.projectName !== undefined) {
    if (typeof raw.projectName !== 'string') throw new Error(`${file}: "projectName" must be a string`);
    options.projectName = raw.projectName;
  }
  return options;
}

function readExpectation(dir: string): Expectation | undefined {
  const json = path.join(dir, 'expected.json');
  if (existsSync(json)) return { kind: 'model', value: JSON.parse(readFileSync(json, 'utf8')) as unknown };
  const text = path.join(dir, 'expected-error.txt');
  if (!existsSync(text)) return undefined;
  // First line: the error's message. An optional line `hint: ...`: the error's hint.
  const lines = readFileSync(text, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const [message = '', ...rest] = lines;
  const hintLine = rest.find((line) => line.startsWith('hint: '));
  return hintLine === undefined
    ? { kind: 'error', message }
    : { kind: 'error', message, hint: hintLine.slice('hint: '.length) };
}

function readWarnings(dir: string): string[] | undefined {
  const file = path.join(dir, 'expected-warnings.txt');
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function listFixtures(): Fixture[] {
  if (!existsSync(FIXTURES)) return [];
  const fixtures: Fixture[] = [];
  for (const name of readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, name);
    if (!statSync(dir).isDirectory()) continue;
    const expectation = readExpectation(dir);
    if (expectation === undefined) continue;
    fixtures.push({ name, dir, options: readOptions(dir), expectation, warnings: readWarnings(dir) });
  }
  return fixtures;
}

/** `$FIXTURE` and `$HOME` in fixture.json's values stand for the fixture's folder and the home directory. */
function expandPlaceholders(value: string, dir: string): string {
  return value.split('$FIXTURE').join(dir).split('$HOME').join(os.homedir());
}

/** The reverse: absolute paths in the loader's output written with the placeholders. */
function withPlaceholders(text: string, dir: string): string {
  let out = text.split(dir).join('$FIXTURE');
  const home = os.homedir();
  // A home of `/` would turn every path into `$HOME...`; only a real home directory is replaced.
  if (home.length > 1) out = out.split(`${home}/`).join('$HOME/').split(`"${home}"`).join('"$HOME"');
  return out;
}

function loaderOptions(fixture: Fixture): LoadOptions {
  const { options, dir } = fixture;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env ?? {})) env[key] = expandPlaceholders(value, dir);
  const loadOptions: LoadOptions = { workingDir: dir, env };
  if (options.files !== undefined) loadOptions.files = options.files;
  if (options.profiles !== undefined) loadOptions.profiles = options.profiles;
  if (options.services !== undefined) loadOptions.services = options.services;
  if (options.envFiles !== undefined) loadOptions.envFiles = options.envFiles;
  if (options.projectName !== undefined) loadOptions.projectName = options.projectName;
  return loadOptions;
}

function errorOf(value: unknown): { message: string; hint: string | undefined } {
  if (value instanceof Error) {
    const hint: unknown = Reflect.get(value, 'hint');
    return { message: value.message, hint: typeof hint === 'string' ? hint : undefined };
  }
  return { message: String(value), hint: undefined };
}

const fixtures = listFixtures();

describe('fixture corpus', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  for (const fixture of fixtures) {
    const { expectation } = fixture;
    if (expectation.kind === 'model') {
      it(`${fixture.name}: loads as docker compose does`, async () => {
        const result = await loadProject(loaderOptions(fixture));
        const actual: unknown = JSON.parse(withPlaceholders(JSON.stringify(result.model), fixture.dir));
        expect(actual, `${fixture.name}: the normalized project differs from expected.json`).toEqual(
          expectation.value,
        );
        if (fixture.warnings !== undefined) {
          const warnings = result.warnings.map((warning) => withPlaceholders(warning, fixture.dir));
          expect(warnings, `${fixture.name}: the warnings differ from expected-warnings.txt`).toEqual(fixture.warnings);
        }
      });
    } else {
      it(`${fixture.name}: fails with the expected error`, async () => {
        let caught: unknown = undefined;
        let loaded = false;
        try {
          await loadProject(loaderOptions(fixture));
          loaded = true;
        } catch (error) {
          caught = error;
        }
        expect(loaded, `${fixture.name}: loaded, but should fail with: ${expectation.message}`).toBe(false);
        const { message, hint } = errorOf(caught);
        expect(withPlaceholders(message, fixture.dir)).toBe(expectation.message);
        if (expectation.hint !== undefined) expect(hint).toBe(expectation.hint);
      });
    }
  }
});
