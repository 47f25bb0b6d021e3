import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { BerthError } from '../../errors.js';
import { commandFlags, globalSettings, type CommandContext } from '../global-options.js';
import { positiveInteger } from '../flag-parsers.js';
import { projectOptions, withProgress } from '../project-command.js';

/** The flags of `berth export`. */
export interface ExportFlags {
  index?: number;
  output?: string;
}

/** Adds `berth export SERVICE`. */
export function registerExportCommand(program: Command, context: CommandContext): void {
  program
    .command('export')
    .summary("export a service container's filesystem as a tar archive")
    .description("Write the file system of a running container of the service as a tar archive, to a file (-o) or to standard output.")
    .argument('<service>', 'the service')
    .option('--index <index>', 'the index of the container, if the service has several replicas', positiveInteger)
    .option('-o, --output <file>', 'write to a file, instead of standard output')
    .action(async (service: string, flags: ExportFlags, command: Command) => {
      const globals = commandFlags<ExportFlags>(command);
      // Refused before anything is asked of the engine: a tar on a terminal is only noise.
      if (flags.output === undefined && context.isTerminal?.('stdout') === true) {
        throw new BerthError('usage', 'refusing to write a tar archive to a terminal', { hint: 'use -o FILE, or redirect standard output' });
      }
      const options = await projectOptions(globals, context, [service]);
      const { exportContainer } = await import('../../api/export.js');
      const dryRun = globalSettings(globals, context.env).dryRun;
      const target = dryRun ? discardTarget() : flags.output === undefined ? stdoutTarget() : await fileTarget(path.resolve(context.cwd, flags.output));
      try {
        await withProgress(globals, context, 'Exporting', (onProgress) =>
          exportContainer({ ...options, onProgress, service, index: flags.index, destination: target.stream }),
        );
      } catch (error) {
        await target.abandon();
        throw error;
      }
      await target.complete();
    });
}

/** Where an archive is written: completed once the whole archive is in, abandoned when the export failed. */
interface ArchiveTarget {
  stream: Writable;
  complete(): Promise<void>;
  abandon(): Promise<void>;
}

/**
 * A file written under a temporary name beside it and renamed into place once complete, so that a
 * failed export never leaves a truncated archive under the name asked for (nor clobbers an older one).
 */
async function fileTarget(file: string): Promise<ArchiveTarget> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const stream = createWriteStream(partial, { mode: 0o600 });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    // The system's message names the temporary file; the user asked for the other one.
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const reason = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new BerthError('output', `cannot write ${file}: ${reason}`);
  }
  return {
    stream,
    async complete() {
      stream.end();
      await finished(stream);
      await rename(partial, file);
    },
    async abandon() {
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
}

/** Standard output, never ended: it belongs to the process, not to the export. */
function stdoutTarget(): ArchiveTarget {
  return { stream: process.stdout, complete: () => Promise.resolve(), abandon: () => Promise.resolve() };
}

/** A dry run writes nothing anywhere, not even an empty file. */
function discardTarget(): ArchiveTarget {
  const stream = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  return { stream, complete: () => Promise.resolve(), abandon: () => Promise.resolve() };
}
