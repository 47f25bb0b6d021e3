// berth as a library: load a compose project into a typed model, the way `berth config` sees it.

/** Loads and normalizes a compose project; the options mirror the CLI's global flags. */
export { loadProject } from './api/load-project.js';
/** The options of loadProject and what it returns. */
export type { LoadOptions, LoadedProject } from './api/load-project.js';
/** The types of the normalized project model. */
export * from './model/index.js';
/** The base of every error berth throws on purpose (message plus an optional hint). */
export { BerthError } from './errors.js';
/** A fault in the compose files or the environment, located at its file, line, column and key path. */
export { ConfigError } from './config/config-error.js';
