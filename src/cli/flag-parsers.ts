import { InvalidArgumentError } from 'commander';

// Parsers for option values, in commander's form (value, previous) → parsed. A bad value is an
// InvalidArgumentError: commander prints it as `option '--x <n>' argument 'y' is invalid. ...`.

/** A whole number of seconds, 0 or more (`-t 10`). */
export function seconds(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a whole number of seconds.');
  return Number(value);
}

/** A whole number, 1 or more (`--index 2`). */
export function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('Expected a whole number, 1 or more.');
  return Number(value);
}

/** A port number (`port web 80`). */
export function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port < 1 || port > 65535) throw new InvalidArgumentError('Expected a port number from 1 to 65535.');
  return port;
}

/** `--tail`: a number of lines, or `all` (undefined). */
export function lineCount(value: string): number | 'all' {
  if (value.trim() === 'all') return 'all';
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a number of lines, or "all".');
  return Number(value);
}

/** `--scale SERVICE=NUM`, repeatable: collected into a map, a later value for a service winning. */
export function scaleEntry(value: string, previous: Record<string, number> | undefined): Record<string, number> {
  const match = /^([^=\s]+)=(\d+)$/.exec(value.trim());
  if (!match?.[1] || match[2] === undefined) throw new InvalidArgumentError('Expected SERVICE=NUM, e.g. web=3.');
  return { ...previous, [match[1]]: Number(match[2]) };
}

/** `--filter KEY=VALUE`, repeatable; `ps` knows only `status`. */
export function filterEntry(value: string, previous: string[] | undefined): string[] {
  const match = /^([a-z]+)=(.+)$/.exec(value.trim());
  if (!match?.[1] || match[2] === undefined) throw new InvalidArgumentError('Expected KEY=VALUE, e.g. status=running.');
  if (match[1] !== 'status') throw new InvalidArgumentError(`Filter "${match[1]}" is not supported; only "status" is.`);
  return [...(previous ?? []), match[2]];
}

/** `--build-arg KEY=VALUE` or `--build-arg KEY`, repeatable, collected in order. */
export function buildArgEntry(value: string, previous: string[] | undefined): string[] {
  if (!/^[^=\s]+(=.*)?$/s.test(value)) throw new InvalidArgumentError('Expected KEY=VALUE, or KEY to take its value from the environment.');
  return [...(previous ?? []), value];
}
