// What no watch rule ever acts on, whatever its `ignore` says: version-control and IDE metadata,
// and the short-lived files editors and tools write beside the file being saved. The list is
// docker compose's (pkg/watch/ephemeral.go), so a project behaves the same under both.

/** The start of the name of the file the watcher writes to find out whether native events arrive. */
export const PROBE_PREFIX = '.berth-watch-probe-';

/** Directories whose content is never synced or acted on, at any depth. */
const METADATA_DIRECTORIES = new Set(['.git', '.idea']);

const EPHEMERAL_NAMES: readonly RegExp[] = [
  // JetBrains IDEs' safe write.
  /___jb_(?:old|tmp)___$/,
  // Emacs lock and auto-save files.
  /^\.#/,
  /^#.*#$/,
  // Vim: the file it writes to test the directory, backups, and the first few swap names (`.swp`
  // taken by another vim gives `.swo`, `.swn`; going further would catch real extensions).
  /^4913$/,
  /~$/,
  /^\..*\.sw[pxon]$/,
  // Kate.
  /^\..*\.kate-swp$/,
  // Go's toolchain probes the umask with a file it deletes at once.
  /-go-tmp-umask$/,
];

/**
 * Whether a path (relative, `/`-separated) is one watch never acts on: inside `.git/` or `.idea/`,
 * or an editor's temporary file, or the watcher's own probe.
 */
export function isAlwaysIgnored(relativePath: string): boolean {
  const segments = relativePath.split('/');
  const name = segments[segments.length - 1] ?? '';
  if (segments.some((segment) => METADATA_DIRECTORIES.has(segment))) return true;
  if (name.startsWith(PROBE_PREFIX)) return true;
  return EPHEMERAL_NAMES.some((pattern) => pattern.test(name));
}
