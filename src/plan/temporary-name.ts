/**
 * A replacement container is created under `<first 12 hex digits of the old id>_<final name>` while
 * the old one still holds the final name, as docker compose names it. If berth stops half way, the
 * next reconcile recognises the name and finishes or undoes the recreate.
 */
export function temporaryName(replacedId: string, finalName: string): string {
  return `${replacedId.slice(0, 12)}_${finalName}`;
}

/** The parts of a temporary name, or undefined for any other name. */
export function parseTemporaryName(name: string): { replacedIdPrefix: string; finalName: string } | undefined {
  const match = /^([0-9a-f]{12})_(.+)$/.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  return { replacedIdPrefix: match[1], finalName: match[2] };
}
