import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, toolEnv, type RunResult } from './run.js';

/** The repository root. */
export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));
/** The berth executable; it runs the compiled CLI in dist/. */
export const BERTH_BIN = fileURLToPath(new URL('../../../bin/berth', import.meta.url));
const COMPILED_CLI = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

export interface BerthOptions {
  /** Where berth runs (default: this process's directory). */
  cwd?: string;
  /** Added to the environment berth runs in (see toolEnv); undefined removes a variable. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Standard input; closed when not given. */
  input?: string;
  timeoutMs?: number;
}

/**
 * Runs `berth ARGS` as a user would: `node bin/berth`, a fresh process each time. Never throws;
 * the result has the exit code and the output.
 */
export function runBerth(args: readonly string[], options: BerthOptions = {}): Promise<RunResult> {
  if (!existsSync(COMPILED_CLI)) {
    // Said once, clearly, instead of as a module-not-found error in every test.
    return Promise.resolve({
      exitCode: null,
      signal: null,
      stdout: '',
      stderr: '',
      error: `${COMPILED_CLI} does not exist: run \`npm run build\` first`,
    });
  }
  return run(process.execPath, [BERTH_BIN, ...args], {
    cwd: options.cwd,
    env: toolEnv(options.env),
    input: options.input,
    timeoutMs: options.timeoutMs,
  });
}
