import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import type DockerModem from 'docker-modem';
import type { EngineVersion } from '../backend.js';
import { EngineError } from '../engine-errors.js';
import { NEWEST_API_VERSION, OLDEST_API_VERSION, negotiateApiVersion } from './api-version.js';
import { readFailure, toEngineError, type EngineFailure } from './engine-error-mapping.js';
import { toEngineVersion, type RawVersion } from './response-mapping.js';

/** The one docker-modem method berth uses; tests put a fake in its place. */
export type EngineDialer = Pick<DockerModem, 'dial'>;

/** A query parameter; undefined ones are left out of the URL. */
export type QueryValue = string | number | boolean | undefined;

/** One call to the engine, described in berth's terms. */
export interface EngineCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path below the version prefix: `/containers/json`. */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON (POST only). */
  body?: object;
  /** Sent as it is, as `application/tar`: a buffer, or a stream read as it is sent. */
  file?: Buffer | Readable;
  /** Take over the connection (attach, exec): the engine upgrades it to a raw two-way stream. */
  hijack?: boolean;
  /** Extra request headers (`X-Registry-Auth`). */
  headers?: Readonly<Record<string, string>>;
  /** The call in words, for error messages: `stop container web-1`. */
  action: string;
  /** Marks a pull: its failures become `ImageNotFoundError`s. */
  pullReference?: string;
  /** The container concerned, for errors whose engine message does not name it. */
  container?: string;
  /** When 404 means "there is none" rather than a fault: the call then resolves to undefined. */
  absentOn404?: boolean;
  /** Aborts the call (and its stream); an aborted call rejects with the abort error itself. */
  signal?: AbortSignal;
}

/** Where the engine is, as the user should read it. */
export interface EngineTarget {
  endpoint: string;
  /** What chose the endpoint: `DOCKER_HOST`, `context "x"`, `default`. */
  source?: string;
}

/** The outcome of version negotiation. */
export interface NegotiatedEngine {
  /** The API version berth addresses the engine at: `1.41`. */
  apiVersion: string;
}

// 304 is the engine's "already started" / "already stopped": the wanted state holds.
const SUCCESS_CODES: DockerModem.StatusCodes = { 200: true, 201: true, 204: true, 304: true };

/**
 * The HTTP side of the engine: promises over docker-modem's callbacks, the version prefix, query
 * strings, and errors turned into `EngineError`s. The first call asks the engine's API version
 * (the `Api-Version` header of `GET /_ping`, bounded by `answerTimeoutMs`); every call after
 * addresses `/v<version>/...`. Not `GET /version`, as berth once did: the engine asks containerd
 * and runc their versions to answer it, 25-30 ms on Docker 20.10, where a ping takes one.
 */
export class EngineHttp {
  private negotiation: Promise<NegotiatedEngine> | undefined;

  constructor(
    private readonly dialer: EngineDialer,
    private readonly target: EngineTarget,
    private readonly answerTimeoutMs: number,
  ) {}

  /** The negotiated version; the first use asks the engine, a failed attempt is retried on the next. */
  negotiate(): Promise<NegotiatedEngine> {
    if (this.negotiation === undefined) {
      const attempt = this.askVersion();
      this.negotiation = attempt;
      attempt.catch(() => {
        if (this.negotiation === attempt) this.negotiation = undefined;
      });
    }
    return this.negotiation;
  }

  /** The engine's version facts, asked each time. */
  async versionFacts(): Promise<EngineVersion> {
    const raw = (await this.json({ method: 'GET', path: '/version', action: 'ask the engine its version' })) as RawVersion;
    return toEngineVersion(raw);
  }

  /** A call whose answer is JSON (or empty); undefined for a 404 when `absentOn404` is set. */
  async json(call: EngineCall): Promise<unknown> {
    const { apiVersion } = await this.negotiate();
    return this.send(call, `/v${apiVersion}`, false);
  }

  /** A call whose answer is read as a stream: the caller consumes, and destroys, the response. */
  async stream(call: EngineCall): Promise<IncomingMessage> {
    const { apiVersion } = await this.negotiate();
    return (await this.send(call, `/v${apiVersion}`, true)) as IncomingMessage;
  }

  /** A call that takes over the connection: the raw two-way stream the engine upgrades it to. */
  async hijack(call: EngineCall): Promise<Duplex> {
    const { apiVersion } = await this.negotiate();
    return (await this.send({ ...call, hijack: true }, `/v${apiVersion}`, true)) as Duplex;
  }

  private async askVersion(): Promise<NegotiatedEngine> {
    const deadline = AbortSignal.timeout(this.answerTimeoutMs);
    const ping: EngineCall = { method: 'GET', path: '/_ping', action: 'ask the engine its API version' };
    const response = (await this.send(ping, '', true, deadline)) as IncomingMessage;
    const header = response.headers['api-version'];
    await drain(response);
    // Something between berth and the engine may drop the header; the version document still says.
    const advertised = typeof header === 'string' && header !== ''
      ? header
      : ((await this.send({ ...ping, path: '/version' }, '', false, deadline)) as RawVersion).ApiVersion;
    const apiVersion = negotiateApiVersion(advertised);
    if (apiVersion === undefined) {
      throw new EngineError(
        'engine-too-old',
        `the Docker engine at ${this.target.endpoint} speaks API ${advertised ?? '(unknown)'}; berth needs ${OLDEST_API_VERSION} to ${NEWEST_API_VERSION} (Docker 20.10 or newer)`,
        { hint: 'upgrade the engine, or point DOCKER_HOST at a newer one' },
      );
    }
    return { apiVersion };
  }

  /** `deadline` bounds the whole call; only the first call, which proves the engine answers, has one. */
  private send(call: EngineCall, prefix: string, isStream: boolean, deadline?: AbortSignal): Promise<unknown> {
    const query = queryOf(call.query);
    const hasQuery = Object.keys(query).length > 0;
    // docker-modem appends `_query` only to a path that ends in `?`, and sends `_body` for POSTs
    // (an empty object means no body at all).
    const options: DockerModem.DialOptions = {
      path: `${prefix}${call.path}${hasQuery ? '?' : ''}`,
      method: call.method,
      options: { _query: query, _body: call.body ?? {} },
      statusCodes: SUCCESS_CODES,
      isStream,
    };
    if (call.file !== undefined) options.file = call.file;
    if (call.headers !== undefined) options.headers = { ...call.headers };
    if (call.hijack === true) options.hijack = true;
    const signal = deadline ?? call.signal;
    if (signal !== undefined) options.abortSignal = signal;

    return new Promise<unknown>((resolve, reject) => {
      this.dialer.dial(options, (error, result) => {
        if (error === null) resolve(result);
        else reject(error);
      });
    }).catch((error: unknown) => this.failed(call, error, deadline));
  }

  private failed(call: EngineCall, error: unknown, deadline: AbortSignal | undefined): undefined {
    // The caller's own abort is not a fault; the caller decides what it means.
    if (call.signal?.aborted === true) throw error;
    const failure: EngineFailure | undefined = deadline?.aborted === true
      ? { kind: 'transport', code: 'DEADLINE', message: `no answer within ${formatSeconds(this.answerTimeoutMs)}` }
      : readFailure(error);
    if (failure === undefined) throw error;
    if (failure.kind === 'status' && failure.statusCode === 404 && call.absentOn404 === true) return undefined;
    throw toEngineError(
      failure,
      {
        endpoint: this.target.endpoint,
        endpointSource: this.target.source,
        action: call.action,
        pullReference: call.pullReference,
        container: call.container,
      },
      error,
    );
  }
}

function queryOf(query: Readonly<Record<string, QueryValue>> | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    // The engine reads 1 and 0 as booleans everywhere.
    values[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  return values;
}

/** Reads a response to its end, so that its connection goes back to the pool. */
function drain(response: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    response.on('end', resolve).on('close', resolve).on('error', reject).resume();
  });
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
