import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';

/** Every project name the e2e tests make starts with this, so leftovers are easy to recognise. */
export const E2E_PROJECT_PREFIX = 'berth-e2e-';

/**
 * A project name no other test (in this run, a parallel run or an earlier one) uses:
 * `berth-e2e-<what>-<time><random>`. `what` says which test made it, for whoever finds a leftover;
 * it is reduced to what a project name may contain. Short enough that docker-compose 1.29's
 * `<project>_<service>_1` container names stay readable.
 */
export function uniqueProjectName(what: string): string {
  const slug = what
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  const suffix = `${Date.now().toString(36).slice(-5)}${randomBytes(3).toString('hex')}`;
  return `${E2E_PROJECT_PREFIX}${slug === '' ? 'project' : slug}-${suffix}`;
}

/**
 * Writes a project into a new temporary directory and returns the directory. Keys are paths
 * relative to it (`compose.yaml`, `site/index.html`); parent directories are made as needed.
 * Remove it with removeProjectDir when done.
 */
export function writeProject(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), E2E_PROJECT_PREFIX));
  for (const [relative, text] of Object.entries(files)) {
    const path = normalize(join(dir, relative));
    // A key like `../x` would write outside the project, where nothing cleans it up.
    if (isAbsolute(relative) || !path.startsWith(`${dir}/`)) throw new Error(`writeProject: ${relative} is not inside the project`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** Removes a directory made by writeProject; a missing one is fine. */
export function removeProjectDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
