/**
 * A short-syntax string that cannot be read. The parsers know nothing of files or key paths, so they
 * throw this and the stage calling them turns it into a ConfigError located at the value.
 */
export class ShortSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShortSyntaxError';
  }
}
