import type { Environment } from '../environment.js';
import type { JsonObject, PathSegment } from '../json.js';

/** What normalization needs beyond the tree: the project's name and directory, and its environment. */
export interface NormalizeContext {
  projectName: string;
  projectDir: string;
  environment: Environment;
}

/** One service being normalized: the whole tree (to locate errors), its key path and its mapping. */
export interface ServiceUnderNormalization {
  root: JsonObject;
  name: string;
  path: PathSegment[];
  service: JsonObject;
  ctx: NormalizeContext;
}
