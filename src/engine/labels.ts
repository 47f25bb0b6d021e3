// The labels docker compose v2 puts on what it creates, under its own key names, so that berth and
// docker compose each recognise the other's containers, networks and volumes; and the one label of
// berth's own.

import type { ServiceDependency } from '../model/index.js';
import type { LabelFilter } from './backend.js';

const PREFIX = 'com.docker.compose';

/** The project a container, network or volume belongs to. */
export const PROJECT_LABEL = `${PREFIX}.project`;
/** The service a container runs. */
export const SERVICE_LABEL = `${PREFIX}.service`;
/** The replica number of a service container (`1`, `2`, ...); one-off containers have none. */
export const CONTAINER_NUMBER_LABEL = `${PREFIX}.container-number`;
/** `True` on a one-off (`run`) container, `False` on a service container. */
export const ONE_OFF_LABEL = `${PREFIX}.oneoff`;
/** The random id a one-off container's name ends with (the first 12 hex digits of it). */
export const SLUG_LABEL = `${PREFIX}.slug`;
/** What a container (or network, volume) was made from: compared to decide on recreating it. */
export const CONFIG_HASH_LABEL = `${PREFIX}.config-hash`;
/** The project directory. */
export const WORKING_DIR_LABEL = `${PREFIX}.project.working_dir`;
/** The compose files, comma-joined. */
export const CONFIG_FILES_LABEL = `${PREFIX}.project.config_files`;
/** The `--env-file` files, comma-joined; only when some were given. */
export const ENVIRONMENT_FILE_LABEL = `${PREFIX}.project.environment_file`;
/** The service's dependencies, `name:condition:restart` comma-joined. */
export const DEPENDS_ON_LABEL = `${PREFIX}.depends_on`;
/** The id of the image the container was created from: a changed id means a recreate. */
export const IMAGE_LABEL = `${PREFIX}.image`;
/** The version of the compose implementation that created the resource. */
export const VERSION_LABEL = `${PREFIX}.version`;
/** On a container created to replace another: the replaced container's id. */
export const REPLACE_LABEL = `${PREFIX}.replace`;
/** The key of a project network under the top-level `networks`. */
export const NETWORK_LABEL = `${PREFIX}.network`;
/** The key of a project volume under the top-level `volumes`. */
export const VOLUME_LABEL = `${PREFIX}.volume`;

/**
 * berth's own label, on the service containers it creates: the canonical JSON the config hash is
 * the sha256 of (`serviceConfigRecord`). A hash only says that something changed; with the record
 * a plan can say which field did (`environment.GREETING "hello" -> "changed"`). It is checked
 * against the hash label before it is believed. Outside docker compose's namespace, which docker
 * compose ignores, so both tools still manage each other's containers.
 */
export const CONFIG_RECORD_LABEL = 'dev.berth.config';

/** The one-off label of a `run` container, in Go's spelling of a boolean as docker compose writes it. */
export const ONE_OFF_TRUE = 'True';
/** The one-off label of a service container. */
export const ONE_OFF_FALSE = 'False';

/**
 * What berth writes as `com.docker.compose.version`. Neither docker compose nor berth decides
 * anything on this label; tools that display it, and people reading `docker inspect`, take it as the
 * compose version whose conventions the resource follows. berth follows docker compose v2's (`-` in
 * container names, the label set above), so it writes a v2 release number: its own version (0.x)
 * would read as a compose older than v1 and its `_` names. It is a constant rather than berth's
 * version so that upgrading berth leaves the labels of existing resources as they are.
 */
export const COMPOSE_VERSION = '2.20.2';

/** Filters for everything of one project. */
export function projectLabelFilter(project: string): LabelFilter {
  return [`${PROJECT_LABEL}=${project}`];
}

/** Filters for the containers of one service of a project. */
export function serviceLabelFilter(project: string, service: string): LabelFilter {
  return [`${PROJECT_LABEL}=${project}`, `${SERVICE_LABEL}=${service}`];
}

/** Filters for one-off (`run`) containers, or for service containers only. */
export function oneOffFilter(oneOff: boolean): LabelFilter {
  return [`${ONE_OFF_LABEL}=${oneOff ? ONE_OFF_TRUE : ONE_OFF_FALSE}`];
}

/**
 * The `depends_on` label: `name:condition:restart` per dependency, comma-joined, `restart` as Go
 * prints a boolean. Sorted by name so the label does not change from one run to the next (docker
 * compose walks a Go map, in no fixed order). Empty when there are no dependencies.
 */
export function dependsOnLabel(dependsOn: Readonly<Record<string, ServiceDependency>> | undefined): string {
  if (dependsOn === undefined) return '';
  return Object.keys(dependsOn)
    .sort()
    .map((name) => {
      const dependency = dependsOn[name];
      return `${name}:${dependency?.condition ?? 'service_started'}:${String(dependency?.restart === true)}`;
    })
    .join(',');
}

/** The compose labels of a project network (merged over the network's own labels by the caller). */
export function networkLabels(project: string, key: string): Record<string, string> {
  return { [NETWORK_LABEL]: key, [PROJECT_LABEL]: project, [VERSION_LABEL]: COMPOSE_VERSION };
}

/** The compose labels of a project volume (merged over the volume's own labels by the caller). */
export function volumeLabels(project: string, key: string): Record<string, string> {
  return { [VOLUME_LABEL]: key, [PROJECT_LABEL]: project, [VERSION_LABEL]: COMPOSE_VERSION };
}
