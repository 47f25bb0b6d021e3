/**
 * The base of every error berth throws on purpose. The CLI prints `message` (and `hint`) and exits 1
 * without a stack trace; anything that is not a BerthError is a bug and is reported as one.
 */
export class BerthError extends Error {
  /** A stable, machine-readable kind, e.g. `config`, `engine-unreachable`. */
  readonly code: string;
  /** One line telling the user what to do about it, when there is something to say. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}
