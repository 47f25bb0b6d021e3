import { describe, expect, it } from 'vitest';
import { parseDeviceShortSyntax } from '../../../../src/config/syntax/devices.js';
import { ShortSyntaxError } from '../../../../src/config/syntax/short-syntax-error.js';

describe('parseDeviceShortSyntax', () => {
  it('maps a single path to itself', () => {
    expect(parseDeviceShortSyntax('/dev/ttyUSB0')).toEqual({ source: '/dev/ttyUSB0', target: '/dev/ttyUSB0' });
  });

  it('reads host and container paths, and permissions', () => {
    expect(parseDeviceShortSyntax('/dev/ttyUSB0:/dev/ttyUSB0')).toEqual({
      source: '/dev/ttyUSB0',
      target: '/dev/ttyUSB0',
    });
    expect(parseDeviceShortSyntax('/dev/sda:/dev/xvda:rwm')).toEqual({
      source: '/dev/sda',
      target: '/dev/xvda',
      permissions: 'rwm',
    });
  });

  it('keeps a CDI device name whole', () => {
    expect(parseDeviceShortSyntax('vendor1.com/device=gpu')).toEqual({
      source: 'vendor1.com/device=gpu',
      target: 'vendor1.com/device=gpu',
    });
  });

  it.each(['/a:/b:xyz', '/a:/b:r:w', ':/b', '/a:'])('rejects %s', (spec) => {
    expect(() => parseDeviceShortSyntax(spec)).toThrow(ShortSyntaxError);
  });
});
