/**
 * YAML text for plain JSON data, in the block style `docker compose config` prints (two-space
 * indents, sequence items indented under their key). Written for this one shape of data because a
 * general YAML library builds a document tree first, which costs more than the rest of `config` on a
 * large project. A string is left plain only when every YAML 1.1 and 1.2 reader takes it back as the
 * same string; otherwise it is double-quoted with JSON escapes, which YAML reads the same way.
 * Takes what `JSON.stringify` takes (the typed model is plain data without an index signature) and,
 * like it, leaves out keys whose value is undefined.
 */
export function renderYaml(value: unknown): string {
  const out: string[] = [];
  if (isCollection(value) && !isEmpty(value)) writeBlock(value, 0, out);
  else out.push(scalar(value));
  return `${out.join('\n')}\n`;
}

type Collection = readonly unknown[] | { readonly [key: string]: unknown };

function isCollection(value: unknown): value is Collection {
  return typeof value === 'object' && value !== null;
}

// Array.isArray does not narrow a readonly array type away.
function isSequence(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

function isEmpty(value: Collection): boolean {
  return isSequence(value) ? value.length === 0 : entriesOf(value).length === 0;
}

function entriesOf(value: { readonly [key: string]: unknown }): [string, unknown][] {
  return Object.entries(value).filter(([, item]) => item !== undefined);
}

function writeBlock(value: Collection, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (isSequence(value)) {
    for (const item of value) {
      if (isCollection(item) && !isEmpty(item)) {
        // The first line of a nested block goes on the dash line: `- key: value`.
        const nested: string[] = [];
        writeBlock(item, indent + 2, nested);
        const [first = '', ...rest] = nested;
        out.push(`${pad}- ${first.slice(indent + 2)}`, ...rest);
      } else {
        out.push(`${pad}- ${scalar(item)}`);
      }
    }
    return;
  }
  for (const [key, item] of entriesOf(value)) {
    if (isCollection(item) && !isEmpty(item)) {
      out.push(`${pad}${plainOrQuoted(key)}:`);
      writeBlock(item, indent + 2, out);
    } else {
      out.push(`${pad}${plainOrQuoted(key)}: ${scalar(item)}`);
    }
  }
}

function scalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
  if (typeof value === 'string') return plainOrQuoted(value);
  if (Array.isArray(value)) return '[]';
  if (isCollection(value)) return '{}';
  return 'null';
}

// Words some YAML reader would take for something else than a string: YAML 1.1's booleans and
// null, numbers in every base and notation, dates, and the merge key.
const AMBIGUOUS =
  /^(?:~|null|true|false|yes|no|on|off|y|n|<<|=|[-+]?(?:\.inf|\.nan)|[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-f_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|\.[0-9_]+(?:e[-+]?[0-9]+)?)|\d{4}-\d\d?-\d\d?.*)$/i;
// Control and line-separator characters only survive a round trip inside double quotes. Built from
// code points because a regular-expression literal holding them reads as a mistake.
const UNPRINTABLE = new RegExp(`[${range(0x00, 0x1f)}${range(0x7f, 0x9f)}\\u2028\\u2029\\ufeff]`);
// Characters that may not start a plain scalar, or only before a space.
const BAD_START = /^[\s?:,[\]{}#&*!|>'"%@`]|^-(?:\s|$)/;

function plainOrQuoted(text: string): string {
  const plain =
    text !== '' &&
    !BAD_START.test(text) &&
    !/\s$/.test(text) &&
    !UNPRINTABLE.test(text) &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !text.endsWith(':') &&
    !AMBIGUOUS.test(text);
  return plain ? text : JSON.stringify(text);
}

function range(from: number, to: number): string {
  const escape = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
  return `${escape(from)}-${escape(to)}`;
}
