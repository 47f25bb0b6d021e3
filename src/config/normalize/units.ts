import { isJsonObject, type JsonObject } from '../json.js';
import { printedByteSize } from '../syntax/byte-size.js';
import { printedCpus } from '../syntax/cpus.js';
import { removeKey } from './remove-key.js';

/** Service byte sizes, printed as a count of bytes and left out when zero. */
const SERVICE_BYTE_SIZES = ['mem_limit', 'mem_reservation', 'memswap_limit', 'shm_size'];

/**
 * `blkio_config` throttles: a list of `{ path, rate }` each. Docker compose holds every rate,
 * the per-second operation counts included, as a byte size, so all four print the same way.
 */
const BLKIO_THROTTLES = ['device_read_bps', 'device_write_bps', 'device_read_iops', 'device_write_iops'];

/**
 * Sizes and CPU counts as docker compose prints them: every byte size as the decimal count of bytes
 * in a string (`64m` → `"67108864"`), `cpus` as a number. Deploy resources are done with the rest
 * of `deploy`.
 */
export function normalizeServiceUnits(service: JsonObject): void {
  for (const key of SERVICE_BYTE_SIZES) byteSizeAt(service, key);
  cpusAt(service, 'cpus');
  if (isJsonObject(service.build)) byteSizeAt(service.build, 'shm_size');
  const volumes = service.volumes;
  if (Array.isArray(volumes)) {
    for (const mount of volumes) {
      if (isJsonObject(mount) && isJsonObject(mount.tmpfs)) byteSizeAt(mount.tmpfs, 'size');
    }
  }
  const blkio = service.blkio_config;
  if (!isJsonObject(blkio)) return;
  for (const key of BLKIO_THROTTLES) {
    const throttles = blkio[key];
    if (!Array.isArray(throttles)) continue;
    for (const throttle of throttles) {
      // A rate is printed even when zero.
      if (isJsonObject(throttle)) byteSizeAt(throttle, 'rate', { keepZero: true });
    }
  }
}

/**
 * `owner[key]` as a printed byte size. Zero is left out (docker compose omits an unset size) unless
 * `keepZero`; a value that is not a size (a variable reference left by interpolation turned off)
 * stays as written.
 */
export function byteSizeAt(owner: JsonObject, key: string, o: { keepZero?: boolean } = {}): void {
  if (!(key in owner)) return;
  const printed = printedByteSize(owner[key]);
  if (printed === undefined) return;
  if (printed === '0' && o.keepZero !== true) removeKey(owner, key);
  else owner[key] = printed;
}

/** `owner[key]` as a CPU count (a number); zero, which means no limit, is left out. */
export function cpusAt(owner: JsonObject, key: string): void {
  if (!(key in owner)) return;
  const cpus = printedCpus(owner[key]);
  if (cpus === undefined) return;
  if (cpus === 0) removeKey(owner, key);
  else owner[key] = cpus;
}
