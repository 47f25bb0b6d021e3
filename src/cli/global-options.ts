import type { Command } from 'commander';
import type { LoadOptions } from '../api/load-project.js';

/** `--ansi`: whether to use colours and cursor movement. */
export type AnsiMode = 'never' | 'always' | 'auto';
/** `--progress`: how progress is shown. */
export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';

/** The choices of `--ansi`, in the order help lists them. */
export const ANSI_MODES: readonly AnsiMode[] = ['never', 'always', 'auto'];
/** The choices of `--progress`, in the order help lists them. */
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'tty', 'plain', 'json', 'quiet'];

/** The global flags as the program parses them (absent when not given). */
export interface GlobalFlags {
  file?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFile?: string[];
  profile?: string[];
  ansi?: AnsiMode;
  progress?: ProgressMode;
  dryRun?: boolean;
  /** True with `--ci`, false with `--no-ci`. */
  ci?: boolean;
}

/** What every command runs with besides its flags: where it is, the environment, its streams. */
export interface CommandContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The whole of standard input, read once however often it is asked for. */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether a standard stream is a terminal (colours, the live progress view, prompts); none is when absent. */
  isTerminal?(stream: 'stdin' | 'stdout' | 'stderr'): boolean;
  /** Standard error as a stream, for the live progress view to draw on; absent when it is not a terminal. */
  terminalStream?(): NodeJS.WriteStream | undefined;
  /** Asks a question on the terminal and returns the answer; undefined when nobody can answer (no terminal, end of input). */
  ask?(question: string): Promise<string | undefined>;
  /** Aborted at the first Ctrl+C (SIGINT) or SIGTERM: the verb stops starting new work and returns. */
  signal?: AbortSignal;
  /**
   * For a verb that stops containers on the first Ctrl+C (attached `up`): calling it makes the
   * second Ctrl+C abort the signal it returns (to kill rather than wait) instead of ending berth at
   * once; a third still ends berth.
   */
  claimForce?(): AbortSignal;
  /**
   * The exit code berth ends with when the command returns normally: `exec`, `run`, `wait` and
   * `up --exit-code-from` pass on a container's code. 0 when never set.
   */
  setExitCode?(code: number): void;
}

/** The global flags resolved with the environment variables that stand in for them. */
export interface GlobalSettings {
  ansi: AnsiMode;
  progress: ProgressMode;
  dryRun: boolean;
  /** CI mode: plain progress and no colours unless asked for, and `up`'s CI output (docs/cli.md). */
  ci: boolean;
}

/**
 * A command's flags merged with the global flags given before its name: a repeatable flag keeps
 * every value, in the order given (`berth -f a.yaml ps --file b.yaml`); any other flag given after
 * the command name wins over the same flag given before it.
 */
export function commandFlags<T extends object>(command: Command): GlobalFlags & T {
  const layers: Record<string, unknown>[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) layers.unshift(current.opts());
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const before = merged[key];
      merged[key] = Array.isArray(before) && Array.isArray(value) ? [...(before as unknown[]), ...(value as unknown[])] : value;
    }
  }
  return merged as GlobalFlags & T;
}

/** Appends each occurrence of a repeatable flag (`-f a -f b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The loader options the global flags ask for; a command adds its own (services, interpolation). */
export function toLoadOptions(flags: GlobalFlags, context: CommandContext): LoadOptions {
  return {
    workingDir: context.cwd,
    files: flags.file,
    stdin: () => context.readStdin(),
    projectName: flags.projectName,
    projectDirectory: flags.projectDirectory,
    envFiles: flags.envFile,
    profiles: flags.profile,
    env: context.env,
    onWarning: (message) => context.stderr(`warning: ${message}\n`),
  };
}

/**
 * `--ansi`, `--progress`, `--dry-run`, `--ci`, falling back to COMPOSE_ANSI, COMPOSE_PROGRESS,
 * COMPOSE_DRY_RUN and CI. CI mode changes only the defaults: a CI log is no terminal, whatever its
 * runner pretends, so progress is plain and colourless unless a flag or variable says otherwise.
 */
export function globalSettings(flags: GlobalFlags, env: CommandContext['env']): GlobalSettings {
  const ci = flags.ci ?? isTrue(env.CI);
  return {
    ansi: flags.ansi ?? pick(ANSI_MODES, env.COMPOSE_ANSI) ?? (ci ? 'never' : 'auto'),
    progress: flags.progress ?? pick(PROGRESS_MODES, env.COMPOSE_PROGRESS) ?? (ci ? 'plain' : 'auto'),
    dryRun: flags.dryRun ?? isTrue(env.COMPOSE_DRY_RUN),
    ci,
  };
}

function pick<T extends string>(choices: readonly T[], value: string | undefined): T | undefined {
  return choices.find((choice) => choice === value);
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
