import { ShortSyntaxError } from './short-syntax-error.js';

/** A device mapping in the long form. */
export interface DeviceMapping {
  source: string;
  target: string;
  permissions?: string;
}

const PERMISSIONS = /^[rwm]+$/;

/**
 * Reads `HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]]`. A single path maps to itself. A CDI name
 * (`vendor.com/class=name`) has no colon and no container path of its own: it is kept as the source
 * and, so mappings can still be told apart by target, as the target too.
 */
export function parseDeviceShortSyntax(spec: string): DeviceMapping {
  const parts = spec.split(':');
  const [source, target, permissions] = parts;
  if (parts.length > 3 || source === undefined || source === '') {
    throw new ShortSyntaxError(`invalid device "${spec}": expected HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]]`);
  }
  if (target === undefined) return { source, target: source };
  if (target === '') throw new ShortSyntaxError(`invalid device "${spec}": the container path is empty`);
  if (permissions === undefined) return { source, target };
  if (!PERMISSIONS.test(permissions)) {
    throw new ShortSyntaxError(`invalid device "${spec}": permissions must be made of r, w and m`);
  }
  return { source, target, permissions };
}
