import path from 'node:path';
import { configErrorAt } from '../config-error.js';
import { formatPath, type PathSegment } from '../json.js';
import { arrayOr, objectOr, servicePath, stringOr, type ServiceUnderCheck } from './service-check.js';

/**
 * Two mounts of one service must not share a container path: the engine would refuse the container
 * only at create time, far from the line that caused it. Volumes and tmpfs both count; paths are
 * compared normalized, so `/data` and `/data/` clash.
 */
export function checkMountTargets({ root, name, service }: ServiceUnderCheck): void {
  const seen = new Map<string, PathSegment[]>();
  const claim = (target: string, at: PathSegment[]): void => {
    const key = normalizeTarget(target);
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, at);
      return;
    }
    throw configErrorAt(
      root,
      at,
      `service "${name}" mounts "${key}" twice (already mounted by ${formatPath(earlier)})`,
      { hint: 'give each mount its own target path' },
    );
  };

  arrayOr(service.volumes).forEach((item, index) => {
    const target = stringOr(objectOr(item)?.target);
    if (target !== undefined) claim(target, servicePath(name, 'volumes', index, 'target'));
  });
  arrayOr(service.tmpfs).forEach((item, index) => {
    // A tmpfs entry may carry options after the path: `/run:size=64m`.
    const target = stringOr(typeof item === 'string' ? item.split(':')[0] : undefined);
    if (target !== undefined) claim(target, servicePath(name, 'tmpfs', index));
  });
}

function normalizeTarget(target: string): string {
  const normalized = path.posix.normalize(target);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}
