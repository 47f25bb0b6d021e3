// A minimal ustar writer and reader: enough to hand the engine a file and read one back.

const BLOCK = 512;

/** One regular file of an archive. */
export interface TarFile {
  name: string;
  content: Buffer | string;
  mode?: number;
}

/** A tar archive of regular files, with fixed owner and times. */
export function writeTar(files: readonly TarFile[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    blocks.push(header(file.name, content.length, file.mode ?? 0o644));
    blocks.push(content, Buffer.alloc(padding(content.length)));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}

/** The regular files of an archive, by name; extended (pax) headers and directories are skipped. */
export function readTar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const name = text(block, 0, 100);
    const prefix = text(block, 345, 155);
    const size = parseInt(text(block, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(block[156] ?? 0);
    const start = offset + BLOCK;
    if (type === '0' || type === '\0') {
      files.set(prefix === '' ? name : `${prefix}/${name}`, Buffer.from(archive.subarray(start, start + size)));
    }
    offset = start + size + padding(size);
  }
  return files;
}

function header(name: string, size: number, mode: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  octal(block, 100, 8, mode);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, 946_684_800);
  block.fill(' ', 148, 156);
  block.write('0', 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  block.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

function text(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
