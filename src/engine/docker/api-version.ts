/** The newest Engine API version berth speaks; a newer engine is addressed at this one. */
export const NEWEST_API_VERSION = '1.47';

/** The oldest Engine API version berth speaks (Docker 20.10); the request bodies are typed against it. */
export const OLDEST_API_VERSION = '1.41';

/**
 * The API version to address the engine at: the older of the engine's own and berth's newest.
 * Undefined when the engine is older than berth supports or did not say.
 */
export function negotiateApiVersion(serverApiVersion: string | undefined): string | undefined {
  const server = parseApiVersion(serverApiVersion);
  const newest = parseApiVersion(NEWEST_API_VERSION);
  const oldest = parseApiVersion(OLDEST_API_VERSION);
  if (server === undefined || newest === undefined || oldest === undefined) return undefined;
  if (compareVersions(server, oldest) < 0) return undefined;
  return compareVersions(server, newest) < 0 ? formatApiVersion(server) : NEWEST_API_VERSION;
}

type ApiVersion = readonly [major: number, minor: number];

function parseApiVersion(text: string | undefined): ApiVersion | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(text?.trim() ?? '');
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2])];
}

/** Numeric, not textual: 1.9 is older than 1.41. */
function compareVersions(a: ApiVersion, b: ApiVersion): number {
  return a[0] === b[0] ? a[1] - b[1] : a[0] - b[0];
}

function formatApiVersion(version: ApiVersion): string {
  return `${version[0]}.${version[1]}`;
}
