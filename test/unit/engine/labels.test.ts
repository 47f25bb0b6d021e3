import { describe, expect, it } from 'vitest';
import {
  COMPOSE_VERSION,
  CONFIG_FILES_LABEL,
  CONFIG_HASH_LABEL,
  CONTAINER_NUMBER_LABEL,
  DEPENDS_ON_LABEL,
  dependsOnLabel,
  ENVIRONMENT_FILE_LABEL,
  IMAGE_LABEL,
  NETWORK_LABEL,
  networkLabels,
  ONE_OFF_LABEL,
  oneOffFilter,
  PROJECT_LABEL,
  projectLabelFilter,
  REPLACE_LABEL,
  SERVICE_LABEL,
  serviceLabelFilter,
  SLUG_LABEL,
  VERSION_LABEL,
  VOLUME_LABEL,
  volumeLabels,
  WORKING_DIR_LABEL,
} from '../../../src/engine/labels.js';

describe('label keys', () => {
  it('are docker compose v2 keys, character for character', () => {
    expect([
      PROJECT_LABEL,
      SERVICE_LABEL,
      CONTAINER_NUMBER_LABEL,
      ONE_OFF_LABEL,
      SLUG_LABEL,
      CONFIG_HASH_LABEL,
      WORKING_DIR_LABEL,
      CONFIG_FILES_LABEL,
      ENVIRONMENT_FILE_LABEL,
      DEPENDS_ON_LABEL,
      IMAGE_LABEL,
      VERSION_LABEL,
      REPLACE_LABEL,
      NETWORK_LABEL,
      VOLUME_LABEL,
    ]).toEqual([
      'com.docker.compose.project',
      'com.docker.compose.service',
      'com.docker.compose.container-number',
      'com.docker.compose.oneoff',
      'com.docker.compose.slug',
      'com.docker.compose.config-hash',
      'com.docker.compose.project.working_dir',
      'com.docker.compose.project.config_files',
      'com.docker.compose.project.environment_file',
      'com.docker.compose.depends_on',
      'com.docker.compose.image',
      'com.docker.compose.version',
      'com.docker.compose.replace',
      'com.docker.compose.network',
      'com.docker.compose.volume',
    ]);
  });

  it('write a v2 compose version', () => {
    expect(COMPOSE_VERSION).toBe('2.20.2');
  });
});

describe('label filters', () => {
  it('select a project, a service of it, and one-off or service containers', () => {
    expect(projectLabelFilter('shop')).toEqual(['com.docker.compose.project=shop']);
    expect(serviceLabelFilter('shop', 'web')).toEqual([
      'com.docker.compose.project=shop',
      'com.docker.compose.service=web',
    ]);
    expect(oneOffFilter(false)).toEqual(['com.docker.compose.oneoff=False']);
    expect(oneOffFilter(true)).toEqual(['com.docker.compose.oneoff=True']);
  });
});

describe('dependsOnLabel', () => {
  it('writes name:condition:restart per dependency, sorted by name', () => {
    expect(
      dependsOnLabel({
        db: { condition: 'service_healthy', required: true },
        cache: { condition: 'service_started', restart: true, required: true },
        migrate: { condition: 'service_completed_successfully', required: false },
      }),
    ).toBe('cache:service_started:true,db:service_healthy:false,migrate:service_completed_successfully:false');
  });

  it('is empty without dependencies', () => {
    expect(dependsOnLabel(undefined)).toBe('');
    expect(dependsOnLabel({})).toBe('');
  });
});

describe('network and volume labels', () => {
  it('name the key, the project and the version', () => {
    expect(networkLabels('shop', 'back')).toEqual({
      'com.docker.compose.network': 'back',
      'com.docker.compose.project': 'shop',
      'com.docker.compose.version': '2.20.2',
    });
    expect(volumeLabels('shop', 'db-data')).toEqual({
      'com.docker.compose.volume': 'db-data',
      'com.docker.compose.project': 'shop',
      'com.docker.compose.version': '2.20.2',
    });
  });
});
