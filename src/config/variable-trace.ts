import type { Environment, VariableOrigin } from './environment.js';
import type { ReferenceOutcome, ResolvedReference } from './interpolate.js';
import { formatPath, type Json, type JsonObject, type PathSegment } from './json.js';
import { positionOf, type SourcePosition } from './source-map.js';

/**
 * Where the text a variable reference was replaced with came from: the variable's value from the OS
 * environment or an env file (file and line), the project's name (`COMPOSE_PROJECT_NAME` that no
 * environment sets), the default written in the expression, or nothing at all.
 */
export type VariableSource =
  | VariableOrigin
  | { kind: 'project-name' }
  | { kind: 'default'; expression: string }
  | { kind: 'unset' };

/** One `${...}` of a compose file, resolved. */
export interface TracedReference {
  name: string;
  outcome: ReferenceOutcome;
  source: VariableSource;
  /** The variable's value when it has one (whatever the operator made of it). */
  value?: string;
  /** Where the string holding the reference was written. */
  at?: SourcePosition;
  /** The key path of that string in its document, as written (before merge and normalization). */
  path: string;
}

/**
 * Collects what interpolation resolved, reference by reference, when a caller asked the loader for
 * provenance (`berth explain`); without that, nothing is recorded and loading costs the same.
 */
export class VariableTrace {
  readonly references: TracedReference[] = [];

  /** The interpolation hook that records the references of one document. */
  recorder(environment: Environment, projectName: string) {
    return (references: readonly ResolvedReference[], at: { container: JsonObject | Json[]; key: PathSegment; path: PathSegment[] }): void => {
      const position = positionOf(at.container, at.key);
      for (const reference of references) {
        const traced: TracedReference = {
          name: reference.name,
          outcome: reference.outcome,
          source: sourceOf(reference, environment),
          path: formatPath(at.path),
        };
        const value = variableValue(reference.name, environment, projectName);
        if (value !== undefined) traced.value = value;
        if (position) traced.at = position;
        this.references.push(traced);
      }
    };
  }
}

function sourceOf(reference: ResolvedReference, environment: Environment): VariableSource {
  switch (reference.outcome) {
    case 'default':
      return { kind: 'default', expression: reference.argument ?? '' };
    case 'unset':
    case 'empty':
      return { kind: 'unset' };
    case 'value':
    case 'alternate':
      return valueSource(reference.name, environment);
  }
}

/** A variable's value as interpolation reads it: the environment's, else the project name for COMPOSE_PROJECT_NAME. */
export function variableValue(name: string, environment: Environment, projectName: string): string | undefined {
  return environment.get(name) ?? (name === 'COMPOSE_PROJECT_NAME' ? projectName : undefined);
}

/** Where that value came from: its origin in the environment, the project name, or nowhere. */
export function valueSource(name: string, environment: Environment): VariableSource {
  if (environment.get(name) !== undefined) return environment.origins.get(name) ?? { kind: 'os' };
  return name === 'COMPOSE_PROJECT_NAME' ? { kind: 'project-name' } : { kind: 'unset' };
}
