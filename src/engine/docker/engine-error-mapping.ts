import { registryHostOf } from '../auth/registry-host.js';
import {
  EngineError,
  EngineUnreachableError,
  ImageNotFoundError,
  NameConflictError,
  PortInUseError,
  RegistryError,
} from '../engine-errors.js';

/** One failed engine call, stripped of docker-modem's error shape. */
export type EngineFailure =
  | {
      kind: 'transport';
      /** The Node error code (`ENOENT`, `ECONNREFUSED`, ...); `DEADLINE` when berth stopped waiting. */
      code: string | undefined;
      message: string;
    }
  | { kind: 'status'; statusCode: number; message: string };

/** What berth was doing when a call failed, so the error can name it. */
export interface FailureContext {
  /** The engine's address, as shown to the user. */
  endpoint: string;
  /** What chose the endpoint (`DOCKER_HOST`, `context "x"`, `default`), for the hint. */
  endpointSource?: string;
  /** The call in words: `start container web-1`. */
  action: string;
  /** Set for a pull: any failure of the pull is the image's. */
  pullReference?: string;
  /** The container the call was about, for messages the engine words without it. */
  container?: string;
}

/**
 * Reads a failure out of what docker-modem rejects with: an HTTP status with the engine's JSON
 * message, or a socket error. Undefined for anything else (a programming error, left as it is).
 */
export function readFailure(error: unknown): EngineFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const fields = error as Error & { statusCode?: unknown; json?: unknown; code?: unknown; level?: unknown };
  if (typeof fields.statusCode === 'number') {
    return { kind: 'status', statusCode: fields.statusCode, message: engineMessage(fields.json) ?? stripModemPrefix(error.message) };
  }
  if (typeof fields.code === 'string') return { kind: 'transport', code: fields.code, message: error.message };
  // ssh2 marks its connection and authentication failures with a `level`.
  if (typeof fields.level === 'string' || error.name === 'AbortError') {
    return { kind: 'transport', code: undefined, message: error.message };
  }
  return undefined;
}

/** Turns a failed call into the error berth shows: one line naming what failed, with a hint where one helps. */
export function toEngineError(failure: EngineFailure, context: FailureContext, cause?: unknown): EngineError {
  if (failure.kind === 'transport') return unreachable(failure, context, cause);

  const message = oneLine(failure.message);
  const statusCode = failure.statusCode;
  if (context.pullReference !== undefined) return pullFailure(context.pullReference, message, { cause, statusCode });

  const missingImage = /no such image: (\S+)/i.exec(message);
  if (statusCode === 404 && missingImage?.[1] !== undefined) {
    return new ImageNotFoundError(missingImage[1], 'it is not present on the engine', {
      cause,
      statusCode,
      hint: 'pull or build the image first',
    });
  }

  const takenName = /The container name "\/?([^"]+)" is already in use/.exec(message);
  if (statusCode === 409 && takenName?.[1] !== undefined) return new NameConflictError(takenName[1], { cause, statusCode });

  if (/port is already allocated|address already in use/i.test(message)) {
    const container = /on endpoint (\S+) /.exec(message)?.[1] ?? context.container ?? 'the container';
    return new PortInUseError(hostPortIn(message) ?? 'unknown', container, { cause, statusCode });
  }

  return new EngineError('engine', `${context.action}: ${message}`, { cause, statusCode });
}

/**
 * A pull that failed, before streaming (an HTTP status) or in the stream (an `error` message).
 * The engine's wording is kept where it is already clear, and replaced where it repeats itself.
 */
export function pullFailure(reference: string, engineText: string, options: { cause?: unknown; statusCode?: number } = {}): ImageNotFoundError {
  const message = oneLine(engineText);
  const base = { cause: options.cause, statusCode: options.statusCode };

  if (/pull access denied/i.test(message)) {
    return new ImageNotFoundError(reference, 'pull access denied (the repository does not exist, or it needs docker login)', {
      ...base,
      hint: `check the image name; a private image needs docker login ${registryHostOf(reference)} first`,
    });
  }
  if (/manifest for \S+ not found|manifest unknown/i.test(message)) {
    return new ImageNotFoundError(reference, 'the registry has no such tag (manifest unknown)', {
      ...base,
      hint: 'check the tag; a locally built or loaded image needs no pull',
    });
  }
  if (/repository \S+ not found|name unknown/i.test(message)) {
    return new ImageNotFoundError(reference, 'the registry has no such repository', { ...base, hint: 'check the image name' });
  }
  if (/dial tcp|no such host|connection refused|i\/o timeout|TLS handshake|server gave HTTP response to HTTPS client/i.test(message)) {
    const registry = /(?:Get|Head) "https?:\/\/([^/"]+)/.exec(message)?.[1] ?? registryHostOf(reference);
    // The last clause of Go's wrapped error is the cause itself: `connection refused`, `no such host`.
    const reason = message.slice(message.lastIndexOf(': ') + 2);
    return new ImageNotFoundError(reference, `cannot reach the registry ${registry} (${reason})`, {
      ...base,
      hint: 'check the registry address and the network; an image built or loaded locally needs no pull',
    });
  }
  return new ImageNotFoundError(reference, message, base);
}

/**
 * A push that failed in the stream. `credentials` says whose credentials were sent (`user berth
 * from /root/.docker/config.json`), undefined when none were.
 */
export function pushFailure(reference: string, engineText: string, credentials: string | undefined): RegistryError {
  const message = oneLine(engineText);
  const registry = registryHostOf(reference);
  if (/unauthorized|authentication required|no basic auth credentials|denied/i.test(message)) {
    return credentials === undefined
      ? new RegistryError(reference, 'push', `the registry ${registry} needs credentials, and none are configured for it (${message})`, {
          hint: `log in first: docker login ${registry}`,
        })
      : new RegistryError(reference, 'push', `the registry ${registry} refused the credentials of ${credentials} (${message})`, {
          hint: `check the user name and password: docker login ${registry}`,
        });
  }
  if (/dial tcp|no such host|connection refused|i\/o timeout|TLS handshake|server gave HTTP response to HTTPS client/i.test(message)) {
    return new RegistryError(reference, 'push', `cannot reach the registry ${registry} (${message.slice(message.lastIndexOf(': ') + 2)})`, {
      hint: 'check the registry address and that it is running',
    });
  }
  return new RegistryError(reference, 'push', message);
}

/** The host port in an engine's bind failure: `Bind for 0.0.0.0:8080 failed` or `listen tcp4 127.0.0.1:8080: bind`. */
function hostPortIn(message: string): string | undefined {
  return /:(\d{1,5})(?: failed: port is already allocated|: bind: address already in use)/.exec(message)?.[1];
}

function unreachable(failure: Extract<EngineFailure, { kind: 'transport' }>, context: FailureContext, cause: unknown): EngineUnreachableError {
  const reason = transportReason(failure);
  let hint: string | undefined;
  if (failure.code === 'EACCES') hint = 'run berth as a member of the docker group, or as root';
  else if (isTlsCode(failure.code)) hint = 'check the certificates in DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem)';
  else if (context.endpointSource === 'DOCKER_HOST') hint = 'check DOCKER_HOST, or unset it to use the default socket';
  else if (context.endpointSource !== undefined && context.endpointSource.startsWith('context ')) {
    hint = `check the Docker ${context.endpointSource} (docker context inspect), or unset DOCKER_CONTEXT`;
  }
  return new EngineUnreachableError(context.endpoint, { reason, hint, cause });
}

function transportReason(failure: Extract<EngineFailure, { kind: 'transport' }>): string {
  switch (failure.code) {
    case 'ENOENT':
      return 'the socket does not exist';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    case 'EHOSTUNREACH':
      return 'host unreachable';
    case 'ENETUNREACH':
      return 'network unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the engine closed the connection';
    case 'ENOTSOCK':
      return 'not a socket';
    default:
      if (isTlsCode(failure.code)) return `TLS failed (${oneLine(failure.message)})`;
      return oneLine(failure.message);
  }
}

function isTlsCode(code: string | undefined): boolean {
  return code !== undefined && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
}

/** The `message` of the engine's JSON error body, or the body itself when it is text. */
function engineMessage(json: unknown): string | undefined {
  if (typeof json === 'string') return json.trim() === '' ? undefined : json;
  if (Buffer.isBuffer(json)) return json.length === 0 ? undefined : json.toString('utf8');
  if (typeof json === 'object' && json !== null) {
    const body = json as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  }
  return undefined;
}

/** docker-modem words its errors `(HTTP code 404) no such container - <engine message> `. */
function stripModemPrefix(message: string): string {
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** Terminal messages are one line: the engine's own can span several. */
export function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, '; ');
}
