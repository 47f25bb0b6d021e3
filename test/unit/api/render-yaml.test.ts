import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderYaml } from '../../../src/api/render-yaml.js';
import type { Json } from '../../../src/config/json.js';

const roundTrips = (value: Json): void => {
  const text = renderYaml(value);
  expect(parse(text, { version: '1.2' }), text).toEqual(value);
  expect(parse(text, { version: '1.1' }), text).toEqual(value);
};

describe('renderYaml', () => {
  it('writes the block style docker compose prints', () => {
    expect(
      renderYaml({
        name: 'demo',
        services: {
          web: {
            command: ['npm', 'start'],
            entrypoint: null,
            ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
            networks: { default: null },
            labels: {},
          },
        },
      }),
    ).toBe(
      [
        'name: demo',
        'services:',
        '  web:',
        '    command:',
        '      - npm',
        '      - start',
        '    entrypoint: null',
        '    ports:',
        '      - mode: ingress',
        '        target: 80',
        '        published: "8080"',
        '        protocol: tcp',
        '    networks:',
        '      default: null',
        '    labels: {}',
        '',
      ].join('\n'),
    );
  });

  it('quotes every string a YAML reader would take for something else', () => {
    for (const text of ['', ' a', 'a ', 'yes', 'No', 'on', 'off', 'y', 'n', 'null', '~', 'true', '1', '-1', '0x1F', '0o17', '017', '1.5', '.5', '1e3', '1_000', '.inf', '-.Inf', '.nan', '2024-01-02', '12:30', '<<', '=', '- a', '-', '? x', ': x', 'a: b', 'a #b', 'a:', '#x', '&a', '*a', '!t', '|', '>', "'q", '"q', '%d', '@a', '`a', '[a', '{a', ',a', 'line\nbreak', 'tab\there', '\u2028']) {
      roundTrips({ [text]: text, list: [text] });
    }
  });

  it('leaves ordinary strings plain', () => {
    expect(renderYaml(['nginx:1.27', '/srv/data', 'http://x:80/a?b=c', '-f', 'a,b', 'x=y', 'sh -c "echo hi"', 'ключ'])).toBe(
      ['- nginx:1.27', '- /srv/data', '- http://x:80/a?b=c', '- -f', '- a,b', '- x=y', '- sh -c "echo hi"', '- ключ', ''].join('\n'),
    );
  });

  it('round-trips nested data, empty collections and numbers', () => {
    roundTrips({ a: [[1, [2, {}]], { b: [], c: { d: [{ e: null }] } }], f: -0.5, g: 1e21, h: false });
    roundTrips([]);
    roundTrips({});
    roundTrips('scalar');
  });
});
