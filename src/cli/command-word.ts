// Which command an argument list runs, told without building the program: the program builds only
// that command, and bin/berth keeps a compile cache for each. This module imports nothing, so that
// bin/berth can load it before the bundle.

/** The global flags that take a value in the next argument (those of `globalOptions` in program.ts). */
export const GLOBAL_VALUE_FLAGS: ReadonlySet<string> = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--progress']);

/** The command an argument list names: its first word that is neither a global flag nor a flag's value. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') return argv[index + 1];
    if (!arg.startsWith('-') || arg === '-') return arg;
    if (GLOBAL_VALUE_FLAGS.has(arg)) index += 1;
  }
  return undefined;
}
