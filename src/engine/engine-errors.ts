import { BerthError } from '../errors.js';

/** A fault reported by the engine, or in reaching it. `statusCode` is the HTTP status when there was one. */
export class EngineError extends BerthError {
  readonly statusCode: number | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown; statusCode?: number } = {}) {
    super(code, message, options);
    this.statusCode = options.statusCode;
  }
}

/** No engine answered at the endpoint tried; `reason` says what the connection attempt met. */
export class EngineUnreachableError extends EngineError {
  readonly endpoint: string;

  constructor(endpoint: string, options: { cause?: unknown; hint?: string; reason?: string } = {}) {
    const reason = options.reason === undefined || options.reason === '' ? '' : `: ${options.reason}`;
    super('engine-unreachable', `cannot reach the Docker engine at ${endpoint}${reason}`, {
      hint: options.hint ?? 'start one (as root: bash scripts/engine.sh), or point DOCKER_HOST at a running engine',
      cause: options.cause,
    });
    this.endpoint = endpoint;
  }
}

/** An image that is neither present locally nor pullable. */
export class ImageNotFoundError extends EngineError {
  constructor(readonly reference: string, detail: string, options: { cause?: unknown; hint?: string; statusCode?: number } = {}) {
    super('image-not-found', `image ${reference} not found: ${detail}`, options);
  }
}

/** A container name already taken by another container. */
export class NameConflictError extends EngineError {
  constructor(readonly containerName: string, options: { cause?: unknown; hint?: string; statusCode?: number } = {}) {
    super('name-conflict', `the container name "${containerName}" is already in use by another container`, {
      ...options,
      hint: options.hint ?? `remove or rename that container (docker rm -f ${containerName}), or choose another name`,
    });
  }
}

/** A host port that another process already holds. */
export class PortInUseError extends EngineError {
  constructor(readonly hostPort: string, container: string, options: { cause?: unknown; hint?: string; statusCode?: number } = {}) {
    super('port-in-use', `cannot start ${container}: host port ${hostPort} is already in use`, {
      ...options,
      hint: options.hint ?? `stop whatever holds port ${hostPort}, or publish the service on another host port`,
    });
  }
}

/**
 * A build that the engine ran and that failed: `step` is the instruction it failed at
 * (`Step 3/5 : RUN make`), when the output named one.
 */
export class BuildFailedError extends EngineError {
  constructor(
    readonly subject: string,
    readonly step: string | undefined,
    readonly detail: string,
    options: { cause?: unknown; hint?: string; statusCode?: number } = {},
  ) {
    super('build-failed', `${subject}: build failed${step === undefined ? '' : ` at ${step}`}: ${detail}`, options);
  }
}

/** A registry that refused a push or a pull: wrong credentials, no access, or not reachable. */
export class RegistryError extends EngineError {
  constructor(readonly reference: string, action: 'push' | 'pull', detail: string, options: { cause?: unknown; hint?: string; statusCode?: number } = {}) {
    super('registry', `${action} ${reference}: ${detail}`, options);
  }
}
