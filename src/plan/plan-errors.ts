// The faults the reconciler and the executor report: each names the service, container or resource
// concerned, in one line, with a hint when there is something to do about it.

import { BerthError } from '../errors.js';
import { reportLines, type ReadinessReport } from './readiness-report.js';

/** A service that needs a build section it does not have (`pull_policy: build` without `build:`). */
export class BuildSectionMissingError extends BerthError {
  constructor(readonly service: string, detail: string) {
    super('build-missing', `service "${service}" ${detail}, but no build section`, {
      hint: 'add a build: section (the directory with its Dockerfile), or an image: to pull',
    });
  }
}

/** A service named on the command line (or in --scale) that the project does not have. */
export class NoSuchServiceError extends BerthError {
  constructor(readonly service: string, known: readonly string[]) {
    super('no-such-service', `no such service: ${service}`, {
      hint: known.length > 0 ? `the project's services are: ${known.join(', ')}` : 'the project has no services',
    });
  }
}

/** Options that contradict each other (`--force-recreate` with `--no-recreate`). */
export class IncompatibleOptionsError extends BerthError {
  constructor(first: string, second: string) {
    super('incompatible-options', `${first} and ${second} cannot be used together`);
  }
}

/** An external network or volume that the engine does not have. */
export class ExternalResourceNotFoundError extends BerthError {
  constructor(readonly kind: 'network' | 'volume', readonly resourceName: string) {
    super('external-not-found', `${kind} ${resourceName} declared as external, but could not be found`, {
      hint: `create it first: docker ${kind} create ${resourceName}`,
    });
  }
}

/** A network or volume with the project's name that belongs to another project or to another key. */
export class ForeignResourceError extends BerthError {
  constructor(kind: 'network' | 'volume', resourceName: string, label: string, value: string | undefined) {
    super(
      'foreign-resource',
      `${kind} ${resourceName} was found but has incorrect label ${label} set to "${value ?? ''}"`,
      { hint: `remove it (docker ${kind} rm ${resourceName}) or declare it external: true` },
    );
  }
}

/**
 * A wait that failed: the container waited for, what went wrong (`is unhealthy after 12.3 s`), and
 * the container's last health probes and output under it.
 */
export abstract class ReadinessError extends BerthError {
  protected constructor(
    code: string,
    /** The container waited for. */
    readonly container: string,
    private readonly lead: string,
    /** What went wrong, in one line. */
    readonly headline: string,
    readonly report: ReadinessReport | undefined,
    options: { hint?: string; cause?: unknown },
  ) {
    super(code, [`${lead}${headline}`, ...reportLines(report)].join('\n'), options);
  }

  /** The same error without the container's last output, for a caller that shows the container's logs itself (CI mode). */
  withoutOutput(): BerthError {
    const message = [`${this.lead}${this.headline}`, ...reportLines(this.report, { output: false })].join('\n');
    return new BerthError(this.code, message, { ...(this.hint === undefined ? {} : { hint: this.hint }), cause: this });
  }
}

/** A dependency that did not become ready: unhealthy, exited, without a health check, or failed. */
export class DependencyFailedError extends ReadinessError {
  constructor(container: string, headline: string, options: { hint?: string; cause?: unknown; report?: ReadinessReport } = {}) {
    const { report, ...rest } = options;
    super('dependency-failed', container, `dependency failed to start: container ${container} `, headline, report, rest);
  }
}

/** `up --wait` found a container that did not become running or healthy. */
export class WaitFailedError extends ReadinessError {
  constructor(container: string, headline: string, report?: ReadinessReport) {
    super('wait-failed', container, `container ${container} `, headline, report, {});
  }
}
