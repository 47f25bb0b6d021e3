import type { AnsiMode } from '../global-options.js';

/** The colours log prefixes cycle through, as SGR codes: the six plain ones, then their bright twins. */
const PALETTE = [36, 33, 32, 35, 34, 31, 96, 93, 92, 95, 94, 91] as const;

/** Wraps text in the `index`th colour of the palette (it wraps around). */
export function paint(text: string, index: number): string {
  const code = PALETTE[index % PALETTE.length] ?? PALETTE[0];
  return `\u001b[${code}m${text}\u001b[0m`;
}

/**
 * Whether to colour output: never with `--ansi never` or a set NO_COLOR, always with `--ansi
 * always`, else when the output is a terminal.
 */
export function wantsColor(ansi: AnsiMode, env: Readonly<Record<string, string | undefined>>, isTerminal: boolean): boolean {
  if (ansi === 'never') return false;
  if (ansi === 'always') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTerminal;
}
