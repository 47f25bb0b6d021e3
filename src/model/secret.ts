import type { Extensions, StringMapping } from './extensions.js';

/** A top-level secret or config: where its content comes from. */
export interface FileResourceDefinition extends Extensions {
  /** The engine's name: `<project>_<key>`, the key when external, or as written. */
  name: string;
  /** Read from this environment variable. */
  environment?: string;
  /** Read from this file (absolute). */
  file?: string;
  external?: boolean;
  labels?: StringMapping;
  driver?: string;
  driver_opts?: StringMapping;
  template_driver?: string;
  /** Inline content (configs). */
  content?: string;
}

/** A top-level secret. */
export type SecretDefinition = FileResourceDefinition;

/** A top-level config. */
export type ConfigDefinition = FileResourceDefinition;
