import { describe, expect, it } from 'vitest';
import type { ContainerImage } from '../../../src/api/images.js';
import { imageRecord, renderImageIds, renderImagesJson, renderImagesTable } from '../../../src/cli/format/images-output.js';
import { binarySize, decimalSize, goSignificant } from '../../../src/cli/format/byte-size.js';

const now = new Date('2024-05-02T12:00:00Z');
const ID = 'sha256:d2763e024a10aa5f0d1e5f6c1b3e2d4c5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c';

function image(overrides: Partial<ContainerImage> = {}): ContainerImage {
  return {
    container: 'demo-web-1',
    id: ID,
    repository: 'nginx',
    tag: '1.25',
    os: 'linux',
    architecture: 'amd64',
    size: 187_654_321,
    created: Date.parse('2024-04-25T12:00:00Z') / 1000,
    ...overrides,
  };
}

describe('images table', () => {
  it("has docker compose v5's columns, each at least twenty wide with three spaces after the widest cell", () => {
    const db = image({ container: 'demo-db-1', repository: 'registry.example.com/team/postgres', tag: '16', size: 4_860_000, created: undefined, os: '' });
    expect(renderImagesTable([db, image()], { now })).toBe(
      [
        'CONTAINER           REPOSITORY                           TAG                 PLATFORM            IMAGE ID            SIZE                CREATED',
        'demo-db-1           registry.example.com/team/postgres   16                  unknown             d2763e024a10        4.86MB              N/A',
        'demo-web-1          nginx                                1.25                linux/amd64         d2763e024a10        188MB               7 days ago',
        '',
      ].join('\n'),
    );
  });

  it('shows <none> for an image known only by id', () => {
    expect(renderImagesTable([image({ repository: '', tag: '' })], { now }).split('\n')[1]).toMatch(/^demo-web-1 +<none> +<none> +linux\/amd64 /);
  });

  it('is only the heading when there is no container', () => {
    expect(renderImagesTable([], { now })).toBe(
      'CONTAINER           REPOSITORY          TAG                 PLATFORM            IMAGE ID            SIZE                CREATED\n',
    );
  });
});

describe('images --format json and -q', () => {
  it("prints one array with docker compose's keys in its order, the size in bytes and the full id", () => {
    const text = renderImagesJson([image(), image({ container: 'demo-web-2', created: undefined })]);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    const records = JSON.parse(text) as Record<string, unknown>[];
    expect(Object.keys(records[0] ?? {})).toEqual(['ID', 'ContainerName', 'Repository', 'Tag', 'Platform', 'Size', 'Created']);
    expect(records[0]).toEqual({
      ID,
      ContainerName: 'demo-web-1',
      Repository: 'nginx',
      Tag: '1.25',
      Platform: 'linux/amd64',
      Size: 187_654_321,
      Created: '2024-04-25T12:00:00Z',
    });
    // Created is left out when unknown, as Go's omitempty leaves out a nil time.
    expect(records[1]).not.toHaveProperty('Created');
    expect(renderImagesJson([])).toBe('[]\n');
  });

  it('keeps an empty repository and tag empty in JSON, unlike the table', () => {
    expect(imageRecord(image({ repository: '', tag: '' }))).toMatchObject({ Repository: '', Tag: '' });
  });

  it('-q prints each id once, without the algorithm', () => {
    expect(renderImageIds([image(), image({ container: 'demo-web-2' })])).toBe(`${ID.slice(7)}\n`);
  });
});

describe('sizes as docker prints them', () => {
  it('uses powers of 1000 and three significant digits for images and I/O', () => {
    expect([0, 999, 1000, 1024, 4_860_000, 4_864_999, 1_999_999, 187_000_000, 2_500_000_000].map((bytes) => decimalSize(bytes))).toEqual([
      '0B', '999B', '1kB', '1.02kB', '4.86MB', '4.86MB', '2MB', '187MB', '2.5GB',
    ]);
  });

  it('uses powers of 1024 and four significant digits for memory', () => {
    expect([0, 1024, 1_572_864, 8_192_000_000, 2 ** 31].map((bytes) => binarySize(bytes))).toEqual(['0B', '1KiB', '1.5MiB', '7.629GiB', '2GiB']);
  });

  it("writes digits as Go's %g does, exponent form included", () => {
    expect(goSignificant(999.7, 3)).toBe('1e+03');
    expect(goSignificant(0.000123456, 3)).toBe('0.000123');
    expect(goSignificant(0.0000123456, 3)).toBe('1.23e-05');
    expect(goSignificant(100, 3)).toBe('100');
    expect(goSignificant(1.5, 3)).toBe('1.5');
  });
});
