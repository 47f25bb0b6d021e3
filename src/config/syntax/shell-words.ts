import { ShortSyntaxError } from './short-syntax-error.js';

const BLANK = new Set([' ', '\t', '\n', '\r']);
/** Inside double quotes a backslash only escapes these; before anything else it is kept. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

/**
 * Splits a command line into words the way a POSIX shell would, without running anything: blanks
 * separate words, single quotes keep everything literally, double quotes keep blanks and honour
 * `\"`-style escapes, a backslash outside quotes makes the next character plain. Variables and
 * operators (`$X`, `&&`, `|`) are not special: the words go to the container as they are, so
 * `sh -c "..."` is how to ask for a shell.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let index = 0;
  const finish = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (index < text.length) {
    const char = text.charAt(index);
    if (BLANK.has(char)) {
      finish();
      index++;
    } else if (char === '\\') {
      const next = text.charAt(index + 1);
      if (next === '\n') {
        index += 2;
        continue;
      }
      word += next === '' ? '\\' : next;
      inWord = true;
      index += 2;
    } else if (char === "'") {
      const end = text.indexOf("'", index + 1);
      if (end === -1) throw new ShortSyntaxError(`unterminated single quote in ${JSON.stringify(text)}`);
      word += text.slice(index + 1, end);
      inWord = true;
      index = end + 1;
    } else if (char === '"') {
      index = readDoubleQuoted(text, index + 1, (part) => {
        word += part;
      });
      inWord = true;
    } else {
      word += char;
      inWord = true;
      index++;
    }
  }
  finish();
  return words;
}

/** Reads up to the closing double quote; returns the index after it. */
function readDoubleQuoted(text: string, start: number, append: (part: string) => void): number {
  let index = start;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '"') return index + 1;
    if (char === '\\' && DOUBLE_QUOTE_ESCAPABLE.has(text.charAt(index + 1))) {
      const next = text.charAt(index + 1);
      if (next !== '\n') append(next);
      index += 2;
      continue;
    }
    append(char);
    index++;
  }
  throw new ShortSyntaxError(`unterminated double quote in ${JSON.stringify(text)}`);
}
