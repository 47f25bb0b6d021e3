import {
  COMPOSE_VERSION,
  CONFIG_FILES_LABEL,
  CONFIG_HASH_LABEL,
  CONFIG_RECORD_LABEL,
  CONTAINER_NUMBER_LABEL,
  DEPENDS_ON_LABEL,
  dependsOnLabel,
  ENVIRONMENT_FILE_LABEL,
  IMAGE_LABEL,
  ONE_OFF_FALSE,
  ONE_OFF_LABEL,
  ONE_OFF_TRUE,
  PROJECT_LABEL,
  REPLACE_LABEL,
  SERVICE_LABEL,
  SLUG_LABEL,
  VERSION_LABEL,
  WORKING_DIR_LABEL,
} from '../labels.js';
import type { ContainerSpecInput } from './container-input.js';

/**
 * A container's labels: the service's own, then docker compose's over them (a service label cannot
 * pass itself off as a compose one). A one-off container has a slug instead of a number.
 */
export function containerLabels(input: ContainerSpecInput): Record<string, string> {
  const oneOff = input.oneOff === true;
  const labels: Record<string, string> = {
    ...input.service.labels,
    [PROJECT_LABEL]: input.projectName,
    [SERVICE_LABEL]: input.serviceName,
    [VERSION_LABEL]: COMPOSE_VERSION,
    [WORKING_DIR_LABEL]: input.workingDir,
    [CONFIG_FILES_LABEL]: input.configFiles.join(','),
    [ONE_OFF_LABEL]: oneOff ? ONE_OFF_TRUE : ONE_OFF_FALSE,
    [CONFIG_HASH_LABEL]: input.configHash,
    [DEPENDS_ON_LABEL]: dependsOnLabel(input.service.depends_on),
    [IMAGE_LABEL]: input.imageId,
  };
  if (input.environmentFiles !== undefined && input.environmentFiles.length > 0) {
    labels[ENVIRONMENT_FILE_LABEL] = input.environmentFiles.join(',');
  }
  if (!oneOff) labels[CONTAINER_NUMBER_LABEL] = String(input.number);
  if (oneOff && input.slug !== undefined) labels[SLUG_LABEL] = input.slug;
  if (input.replaces !== undefined) labels[REPLACE_LABEL] = input.replaces;
  if (input.configRecord !== undefined) labels[CONFIG_RECORD_LABEL] = input.configRecord;
  return labels;
}
