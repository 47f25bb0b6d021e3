import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { positiveInteger } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth cp`. */
export interface CopyFlags {
  archive?: boolean;
  followLink?: boolean;
  index?: number;
  all?: boolean;
}

/** Adds `berth cp SRC DEST`. */
export function registerCpCommand(program: Command, context: CommandContext): void {
  program
    .command('cp')
    .summary('copy files/folders between a service container and the local filesystem')
    .description(
      'Copy a file or directory out of a service container (SERVICE:SRC_PATH DEST_PATH) or into it ' +
        '(SRC_PATH SERVICE:DEST_PATH), by docker cp\'s rules. "-" is a tar archive on standard input or output.',
    )
    .usage('[options] SERVICE:SRC_PATH DEST_PATH|-\n       berth cp [options] SRC_PATH|- SERVICE:DEST_PATH')
    .argument('<source>', 'SERVICE:SRC_PATH, a local path, or -')
    .argument('<destination>', 'SERVICE:DEST_PATH, a local path, or -')
    .option('-a, --archive', 'archive mode (copy all uid/gid information)')
    .option('-L, --follow-link', 'always follow the symbolic link in SRC_PATH')
    .option('--index <index>', 'index of the container if the service has several replicas', positiveInteger)
    .option('--all', 'include containers created by the run command')
    .action(async (source: string, destination: string, flags: CopyFlags, command: Command) => {
      const globals = commandFlags<CopyFlags>(command);
      const { cp } = await import('../../api/cp.js');
      const archiveInput = source === '-' ? Buffer.from(await readBinaryStdin()) : undefined;
      const base = await projectOptions(globals, context, []);
      const result = await withProgress(globals, context, 'Copying', (onProgress) =>
        cp({
          ...base,
          source,
          destination,
          onProgress,
          ...(flags.archive === true ? { archive: true } : {}),
          ...(flags.followLink === true ? { followLink: true } : {}),
          ...(flags.index === undefined ? {} : { index: flags.index }),
          ...(flags.all === true ? { all: true } : {}),
          ...(archiveInput === undefined ? {} : { archiveInput }),
        }),
      );
      if (result.archive !== undefined) await writeBinaryStdout(result.archive);
    });
}

/** Standard input as bytes (the context's readStdin gives text, which would garble an archive). */
async function readBinaryStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function writeBinaryStdout(data: Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => process.stdout.write(data, (error) => (error ? reject(error) : resolve())));
}
