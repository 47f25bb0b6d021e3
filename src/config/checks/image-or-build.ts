import { configErrorAt } from '../config-error.js';
import { servicePath, type ServiceUnderCheck } from './service-check.js';

/** A service must say what it runs: an image to pull, or a build to make one. */
export function checkImageOrBuild({ root, name, service }: ServiceUnderCheck): void {
  const hasImage = typeof service.image === 'string' && service.image !== '';
  const hasBuild = service.build !== undefined && service.build !== null;
  if (hasImage || hasBuild) return;
  throw configErrorAt(root, servicePath(name), `service "${name}" has neither an image nor a build context`, {
    atKey: true,
    hint: 'set "image" to the image to run, or "build" to build one',
  });
}
