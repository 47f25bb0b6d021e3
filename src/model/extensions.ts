/** `x-*` keys: kept as written wherever the compose format allows them. */
export interface Extensions {
  [key: `x-${string}`]: unknown;
}

/** A name → value mapping as printed (environment, labels, build args, ...). */
export type StringMapping = Record<string, string>;

/** The same where a value may be left unset: a bare `VAR` no environment supplied. */
export type NullableStringMapping = Record<string, string | null>;
