/** The host berth names Docker Hub by, as the docker CLI does in image references. */
export const DOCKER_HUB_HOST = 'docker.io';

/**
 * Docker Hub's key in config.json's `auths`, in a credential helper and in the engine's auth maps:
 * the v1 index URL, kept for compatibility long after the v1 API went away.
 */
export const DOCKER_HUB_SERVER_ADDRESS = 'https://index.docker.io/v1/';

/** Names that all mean Docker Hub when they appear as a host. */
const HUB_ALIASES = new Set([DOCKER_HUB_HOST, 'index.docker.io', 'registry-1.docker.io']);

/**
 * The registry an image reference is pulled from: `127.0.0.1:5000/app:1` → `127.0.0.1:5000`,
 * `busybox` → `docker.io`. The first path component is a registry only when it could not be a
 * repository name: it has a dot or a port, is `localhost`, or has capitals (repository names are
 * lower case). Anything else (`library/busybox`, `team/app`) lives on Docker Hub.
 */
export function registryHostOf(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash < 0) return DOCKER_HUB_HOST;
  const first = reference.slice(0, slash);
  const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
  if (!isRegistry) return DOCKER_HUB_HOST;
  return normalizeHost(first);
}

/**
 * The host of a key of config.json's `auths` or `credHelpers`. `docker login` writes a bare host,
 * but older CLIs and hand-written files use URLs (`https://registry.example:5000/v1/`); the docker
 * CLI and the engine match those by their host and port, so berth does too.
 */
export function hostOfServerAddress(address: string): string {
  let rest = address.trim();
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(rest);
  if (scheme !== null) {
    rest = rest.slice(scheme[0].length);
    const end = rest.search(/[/?#]/);
    if (end >= 0) rest = rest.slice(0, end);
    // A URL may carry user information; it is never part of the registry's name.
    const at = rest.lastIndexOf('@');
    if (at >= 0) rest = rest.slice(at + 1);
  } else {
    const end = rest.indexOf('/');
    if (end >= 0) rest = rest.slice(0, end);
  }
  return normalizeHost(rest);
}

/** What a helper is asked for and what the engine is told: the hub's index URL, else the host. */
export function serverAddressOf(host: string): string {
  return host === DOCKER_HUB_HOST ? DOCKER_HUB_SERVER_ADDRESS : host;
}

function normalizeHost(host: string): string {
  return HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB_HOST : host;
}
