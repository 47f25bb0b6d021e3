/**
 * What a plain (unquoted, non-block) scalar means under the YAML 1.2 core schema: null, a boolean,
 * an integer (decimal, `0o` octal, `0x` hex), a float (with `.inf` and `.nan`), or else the text
 * itself. Nothing else: no timestamps, and no YAML 1.1 booleans (`yes`, `on` stay strings), as
 * docker compose reads them.
 */

const DECIMAL = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const OCTAL = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INFINITY = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

/** The core-schema value of a plain scalar's text. */
export function resolvePlainScalar(text: string): null | boolean | number | string {
  if (text.length === 0) return null;
  // Dispatch on the first character, so most strings are settled without running a pattern.
  switch (text.charCodeAt(0)) {
    case 0x7e: // ~
      return text.length === 1 ? null : text;
    case 0x6e: // n
    case 0x4e: // N
      return text === 'null' || text === 'Null' || text === 'NULL' ? null : text;
    case 0x74: // t
    case 0x54: // T
      return text === 'true' || text === 'True' || text === 'TRUE' ? true : text;
    case 0x66: // f
    case 0x46: // F
      return text === 'false' || text === 'False' || text === 'FALSE' ? false : text;
    case 0x2e: // .
      if (NAN.test(text)) return Number.NaN;
      return number(text);
    case 0x2b: // +
    case 0x2d: // -
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37:
    case 0x38:
    case 0x39:
      return number(text);
    case 0x30: // 0, maybe 0o17 or 0x1F (Number reads both prefixes, but only these spellings count)
      if (OCTAL.test(text) || HEX.test(text)) return Number(text);
      return number(text);
    default:
      return text;
  }
}

function number(text: string): number | string {
  if (DECIMAL.test(text)) return Number(text);
  if (INFINITY.test(text)) return text.charCodeAt(0) === 0x2d ? -Infinity : Infinity;
  return text;
}
