import { InvalidArgumentError } from 'commander';

/** docker's default for attach: Ctrl+P then Ctrl+Q. */
export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/**
 * `--detach-keys` in docker's notation: comma-separated keys, each a single character or
 * `ctrl-<x>` with x a letter or one of `@ [ \ ] ^ _`. A bad sequence is commander's argument error.
 */
export function parseDetachKeys(spec: string): number[] {
  const keys: number[] = [];
  for (const key of spec.split(',')) {
    const lower = key.toLowerCase();
    if (lower.startsWith('ctrl-') && key.length === 6) {
      const code = controlCode(lower.charAt(5));
      if (code === undefined) throw new InvalidArgumentError(`"${key}" is not a control key (ctrl-a to ctrl-z, ctrl-@, ctrl-[, ctrl-\\, ctrl-], ctrl-^, ctrl-_).`);
      keys.push(code);
    } else if (key.length === 1) {
      keys.push(key.charCodeAt(0));
    } else {
      throw new InvalidArgumentError(`"${key}" is not a key: write one character or ctrl-<x>, separated by commas.`);
    }
  }
  return keys;
}

function controlCode(char: string): number | undefined {
  if (char >= 'a' && char <= 'z') return char.charCodeAt(0) - 96;
  const specials: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 };
  return specials[char];
}

/**
 * Watches what is typed for the detach sequence. Bytes that might begin it are held back until the
 * sequence completes (detach: they are dropped) or breaks (they go on, as typed).
 */
export class DetachKeyMatcher {
  private held: number[] = [];

  constructor(private readonly keys: readonly number[]) {}

  /** What to send on of `chunk`, and whether the sequence has been typed. */
  feed(chunk: Buffer): { forward: Buffer; detach: boolean } {
    if (this.keys.length === 0) return { forward: chunk, detach: false };
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.held.length]) {
        this.held.push(byte);
        if (this.held.length === this.keys.length) return { forward: Buffer.from(out), detach: true };
        continue;
      }
      out.push(...this.held);
      this.held = byte === this.keys[0] ? [byte] : [];
      if (this.held.length === 0) out.push(byte);
    }
    return { forward: Buffer.from(out), detach: false };
  }
}
