import type { ExecSession, TerminalSize } from '../engine/backend.js';
import { parseKeyValue } from '../config/syntax/key-value.js';
import { BerthError } from '../errors.js';
import { openProject, type ProjectOptions } from './project-context.js';
import { serviceContainer } from './service-container.js';

/** `exec SERVICE COMMAND [ARGS...]`: docker compose's flags, as options. */
export interface ExecOptions extends ProjectOptions {
  service: string;
  /** The command and its arguments. */
  command: readonly string[];
  /** The replica (`--index`); the lowest-numbered running one when absent. */
  index?: number;
  /** Run it in the background: the session has no streams, and its exit code is not waited for. */
  detach?: boolean;
  /** Give the command a TTY (the CLI does when its stdin is a terminal and -T is not given). */
  tty?: boolean;
  /** Attach standard input (docker compose's `--interactive`, on by default). */
  interactive?: boolean;
  /** `-u`. */
  user?: string;
  /** `-w`. */
  workdir?: string;
  /** `-e KEY=VALUE`, or `-e KEY` for the value in the project's environment (left out when it has none). */
  environment?: readonly string[];
  privileged?: boolean;
  /** The TTY's size at the start. */
  size?: TerminalSize;
}

/** A command running in a service container. */
export interface ExecRun {
  /** The container it runs in (`demo-web-1`). */
  container: string;
  /** Its streams, resize and exit code. */
  session: ExecSession;
}

/**
 * Starts a command in a running container of the service, with its streams attached unless
 * detached. A service with no running container is a BerthError (`service "web" is not running`).
 */
export async function exec(options: ExecOptions): Promise<ExecRun> {
  if (options.command.length === 0) throw new BerthError('exec', 'exec needs a command to run');
  const { project, backend } = await openProject({ ...options, services: [options.service] });
  const container = await serviceContainer(backend, project.name, { service: options.service, index: options.index, running: true });
  const env = execEnvironment(options.environment ?? [], (name) => project.environment.get(name));
  const session = await backend.execSession(container.id, options.command, {
    tty: options.tty === true,
    stdin: options.interactive !== false && options.detach !== true,
    ...(options.detach === true ? { detach: true } : {}),
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.workdir === undefined ? {} : { workingDir: options.workdir }),
    ...(env.length === 0 ? {} : { env }),
    ...(options.privileged === true ? { privileged: true } : {}),
    ...(options.size === undefined ? {} : { size: options.size }),
  });
  return { container: container.name, session };
}

/** `-e` entries as the engine takes them: `KEY=VALUE`; a bare `KEY` takes its value from `lookup`, or is left out. */
export function execEnvironment(entries: readonly string[], lookup: (name: string) => string | undefined): string[] {
  return entries.flatMap((entry) => {
    let parsed;
    try {
      parsed = parseKeyValue(entry);
    } catch (error) {
      throw new BerthError('exec', `-e ${JSON.stringify(entry)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const value = parsed.value ?? lookup(parsed.key);
    return value === undefined ? [] : [`${parsed.key}=${value}`];
  });
}
