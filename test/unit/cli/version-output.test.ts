import { describe, expect, it } from 'vitest';
import { renderShortVersion, renderVersion } from '../../../src/cli/format/version-output.js';

describe('version', () => {
  it('prints what --version prints, or the JSON object of docker compose', () => {
    expect(renderVersion('0.1.0', 'pretty')).toBe('berth version 0.1.0\n');
    expect(renderVersion('0.1.0', 'json')).toBe('{"version":"0.1.0"}\n');
  });

  it('prints the number alone with --short, without a leading v', () => {
    expect(renderShortVersion('0.1.0')).toBe('0.1.0\n');
    expect(renderShortVersion('v2.20.2')).toBe('2.20.2\n');
  });
});
