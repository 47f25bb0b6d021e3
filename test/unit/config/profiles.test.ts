import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import type { JsonObject } from '../../../src/config/json.js';
import { parseCompose } from '../../../src/config/parse.js';
import { applyProfiles } from '../../../src/config/profiles.js';
import { locate } from '../../../src/config/source-map.js';

/** The spec's example (15-profiles.md), in the normalized shape. */
function specExample(): JsonObject {
  const text = [
    'services:',
    '  foo:',
    '    image: foo',
    '  bar:',
    '    image: bar',
    '    profiles: [test]',
    '  baz:',
    '    image: baz',
    '    depends_on: {bar: {condition: service_started, required: true}}',
    '    profiles: [test]',
    '  zot:',
    '    image: zot',
    '    depends_on: {bar: {condition: service_started, required: true}}',
    '    profiles: [debug]',
    'networks: {default: {name: p_default}}',
  ].join('\n');
  const [document] = parseCompose(text, 'compose.yaml');
  if (!document) throw new Error('empty test document');
  return document.data;
}

function enabled(profiles: string[], services: string[] = []): string[] {
  const result = applyProfiles(specExample(), { profiles, services });
  return Object.keys(result.project.services as JsonObject).sort();
}

describe('applyProfiles', () => {
  it('keeps only services without profiles when none is active', () => {
    const result = applyProfiles(specExample(), { profiles: [], services: [] });
    expect(Object.keys(result.project.services as JsonObject)).toEqual(['foo']);
    expect(result.disabledServices).toEqual(['bar', 'baz', 'zot']);
    expect(result.activeProfiles).toEqual([]);
    expect(result.allProfiles).toEqual(['debug', 'test']);
  });

  it('enables the services of an active profile', () => {
    expect(enabled(['test'])).toEqual(['bar', 'baz', 'foo']);
    expect(enabled(['debug'])).toEqual(['foo', 'zot']);
    expect(enabled(['debug', 'test'])).toEqual(['bar', 'baz', 'foo', 'zot']);
  });

  it('enables every service with *', () => {
    expect(enabled(['*'])).toEqual(['bar', 'baz', 'foo', 'zot']);
  });

  it('ignores a profile no service declares', () => {
    expect(enabled(['nothing'])).toEqual(['foo']);
  });

  it('activates the profiles of a service named on the command line', () => {
    const result = applyProfiles(specExample(), { profiles: [], services: ['baz'] });
    expect(result.activeProfiles).toEqual(['test']);
    // bar shares the activated profile, so baz's dependency comes with it.
    expect(Object.keys(result.project.services as JsonObject).sort()).toEqual(['bar', 'baz', 'foo']);
    expect(result.disabledServices).toEqual(['zot']);
  });

  it('leaves a named service dependency disabled when it shares no profile', () => {
    const result = applyProfiles(specExample(), { profiles: [], services: ['zot'] });
    expect(result.activeProfiles).toEqual(['debug']);
    expect(result.disabledServices).toEqual(['bar', 'baz']);
  });

  it('adds the named service profiles to those asked for', () => {
    const result = applyProfiles(specExample(), { profiles: ['test'], services: ['zot'] });
    expect(result.activeProfiles).toEqual(['debug', 'test']);
    expect(result.disabledServices).toEqual([]);
  });

  it('rejects a service that does not exist, suggesting the nearest', () => {
    try {
      applyProfiles(specExample(), { profiles: [], services: ['bza'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe('no such service: "bza"');
      expect((error as ConfigError).hint).toBe('did you mean "baz"?');
    }
  });

  it('returns a new tree with positions, leaving the input and other sections alone', () => {
    const root = specExample();
    const result = applyProfiles(root, { profiles: [], services: [] });
    expect(Object.keys(root.services as JsonObject)).toHaveLength(4);
    expect(result.project).not.toBe(root);
    expect(result.project.networks).toEqual({ default: { name: 'p_default' } });
    expect(locate(result.project, ['services', 'foo', 'image'])).toEqual({ file: 'compose.yaml', line: 3, column: 12 });
  });

  it('copes with a project without services', () => {
    const result = applyProfiles({ name: 'p' }, { profiles: ['x'], services: [] });
    expect(result).toEqual({ project: { name: 'p' }, activeProfiles: ['x'], allProfiles: [], disabledServices: [] });
  });
});
