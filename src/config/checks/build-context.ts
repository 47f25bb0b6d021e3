import { stat } from 'node:fs/promises';
import path from 'node:path';
import { configErrorAt } from '../config-error.js';
import { objectOr, servicePath, stringOr, type ServiceUnderCheck } from './service-check.js';

/** `https://…`, `git://…`, `ssh://…`, `git@host:repo`, `github.com/…`: built remotely, nothing to look at here. */
const REMOTE_CONTEXT = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|git@|github\.com\/)/;

/**
 * A local build context must be an existing directory: caught here it names the line, caught by
 * the build it would surface as an engine error minutes later. A relative context (paths not
 * resolved) is taken from `projectDir`, and skipped when there is none to resolve it against.
 */
export async function checkBuildContext(
  { root, name, service }: ServiceUnderCheck,
  projectDir: string | undefined,
): Promise<void> {
  const context = stringOr(objectOr(service.build)?.context);
  if (context === undefined || REMOTE_CONTEXT.test(context)) return;
  let directory: string;
  if (path.isAbsolute(context)) directory = context;
  else if (projectDir !== undefined) directory = path.resolve(projectDir, context);
  else return;

  let problem: string | undefined;
  try {
    if (!(await stat(directory)).isDirectory()) problem = 'is not a directory';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`;
  }
  if (problem === undefined) return;
  throw configErrorAt(root, servicePath(name, 'build', 'context'), `service "${name}" has build context "${context}", which ${problem}`, {
    hint: 'a build context is a directory (relative to the project directory) or a git URL',
  });
}
