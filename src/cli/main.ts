import { readFileSync } from 'node:fs';
import { BerthError } from '../errors.js';
import type { CommandContext } from './global-options.js';

/**
 * Runs berth with `argv` (the arguments after the program name) and returns the exit code. Every
 * error ends here: a BerthError is the user's to fix and prints as `error:` and `hint:` lines; any
 * other error is a bug. Stacks only with BERTH_DEBUG=1, so users see one clear line.
 */
export async function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  const version = packageVersion();
  // Answered before the command-line parser is even loaded: `--version` must be instant.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    context.stdout(`berth version ${version}\n`);
    return 0;
  }
  let exitCode = 0;
  const commandContext: CommandContext = {
    ...context,
    setExitCode: (code) => {
      exitCode = code;
      context.setExitCode?.(code);
    },
  };
  try {
    const [{ createProgram }, { CommanderError }] = await Promise.all([
      import('./program.js'),
      import('commander'),
    ]);
    try {
      // No arguments at all asks for the help, as with docker compose, not for an error.
      const args = argv.length === 0 ? ['--help'] : [...argv];
      await createProgram(commandContext, version, args).parseAsync(args, { from: 'user' });
    } catch (error) {
      // The parser has already printed its message (or the help); only its exit code is left.
      if (error instanceof CommanderError) return error.exitCode;
      throw error;
    }
    return exitCode;
  } catch (error) {
    if (context.signal?.aborted === true) {
      context.stderr('interrupted: what was started is left as it is; run the command again to finish\n');
      return INTERRUPTED_EXIT_CODE;
    }
    reportError(error, context);
    return 1;
  }
}

/** The exit code of a command ended by Ctrl+C, as a shell reports a process killed by SIGINT. */
const INTERRUPTED_EXIT_CODE = 130;

/** Runs berth as the `berth` executable: the real argv, environment and streams. */
export async function runFromProcess(): Promise<void> {
  // A reader that goes away (`berth config | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  // The first Ctrl+C (or SIGTERM) lets the verb stop starting new work and return, so that no engine
  // call is cut in half; a second one ends berth at once, unless the verb claimed it (attached up
  // then kills what it was stopping), and then a third does.
  const interrupt = new AbortController();
  const force = new AbortController();
  let forceClaimed = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!interrupt.signal.aborted) {
      interrupt.abort(new Error(`interrupted by ${signal}`));
    } else if (forceClaimed && !force.signal.aborted) {
      force.abort(new Error(`forced by a second ${signal}`));
    } else {
      process.exit(INTERRUPTED_EXIT_CODE);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const claimForce = (): AbortSignal => {
      forceClaimed = true;
      return force.signal;
    };
    process.exitCode = await runCli(process.argv.slice(2), { ...processContext(), signal: interrupt.signal, claimForce });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** The context of a real run: the process's directory, environment and standard streams. */
export function processContext(): CommandContext {
  let stdin: Promise<string> | undefined;
  return {
    cwd: process.cwd(),
    env: process.env,
    readStdin: () => (stdin ??= readAll(process.stdin)),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTerminal: (stream) => process[stream].isTTY === true,
    terminalStream: () => (process.stderr.isTTY ? process.stderr : undefined),
    ask: (question) => askOnTerminal(question),
  };
}

/** One line read from the terminal after `question`; undefined when standard input is not a terminal or ends. */
async function askOnTerminal(question: string): Promise<string | undefined> {
  if (process.stdin.isTTY !== true) return undefined;
  // Not import(): the packaged executable runs this file from a V8 code cache, where import() is unavailable.
  const { createInterface } = process.getBuiltinModule('node:readline');
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string | undefined>((resolve) => {
      reader.once('close', () => resolve(undefined));
      reader.question(question, (answer) => resolve(answer));
    });
  } finally {
    reader.close();
  }
}

/** Prints an error the way the user should see it. */
export function reportError(error: unknown, context: Pick<CommandContext, 'env' | 'stderr'>): void {
  const debug = isDebug(context.env);
  if (error instanceof BerthError) {
    context.stderr(`error: ${error.message}\n`);
    if (error.hint !== undefined && error.hint !== '') context.stderr(`hint: ${error.hint}\n`);
    if (debug) context.stderr(stackOf(error));
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.stderr(`internal error: ${message}\n`);
  if (debug) context.stderr(stackOf(error));
  else context.stderr('hint: this is a bug in berth; run again with BERTH_DEBUG=1 to see where it happened, and report it\n');
}

function isDebug(env: CommandContext['env']): boolean {
  const value = env.BERTH_DEBUG;
  return value !== undefined && ['1', 'true', 'yes'].includes(value.toLowerCase());
}

/** The stack of an error and of each error that caused it. */
function stackOf(error: unknown): string {
  let text = '';
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth += 1) {
    const stack = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    text += depth === 0 ? `${stack}\n` : `caused by: ${stack}\n`;
    current = current instanceof Error ? current.cause : undefined;
  }
  return text;
}

function packageVersion(): string {
  // dist/cli/main.js and src/cli/main.ts are both two levels below package.json.
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  const version = typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
