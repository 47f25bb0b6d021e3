/** `version`: `berth version 0.1.0`, as `--version` prints it (docker compose: `Docker Compose version v2.x`). */
export function renderVersion(version: string, format: 'pretty' | 'json'): string {
  return format === 'json' ? `${JSON.stringify({ version })}\n` : `berth version ${version}\n`;
}

/** `version --short`: the number alone, without a leading `v`. */
export function renderShortVersion(version: string): string {
  return `${version.replace(/^v/, '')}\n`;
}
