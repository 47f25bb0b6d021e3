// An engine in memory, at the level of docker-modem's `dial`: each call is recorded and answered
// by a handler, with JSON, a stream of chunks, or an error, the way docker-modem would.
import { Readable } from 'node:stream';
import type DockerModem from 'docker-modem';
import type { EngineDialer } from '../../../../src/engine/docker/engine-http.js';

/** How the fake engine answers one call. */
export type FakeReply =
  | { json: unknown }
  | { stream: (string | Buffer)[]; headers?: Record<string, string> }
  | { error: Error }
  /** Never answers, until the call's abort signal fires. */
  | { hang: true };

/** A dialer whose answers come from `answer`, and the calls it received. */
export function fakeDialer(answer: (call: DockerModem.DialOptions) => FakeReply): { dialer: EngineDialer; calls: DockerModem.DialOptions[] } {
  const calls: DockerModem.DialOptions[] = [];
  const dialer: EngineDialer = {
    dial(options, callback) {
      calls.push(options);
      const reply = answer(options);
      if ('hang' in reply) {
        options.abortSignal?.addEventListener('abort', () => {
          callback?.(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }), null);
        });
        return;
      }
      setImmediate(() => {
        if ('error' in reply) callback?.(reply.error, null);
        else if ('stream' in reply) callback?.(null, Object.assign(Readable.from(reply.stream), { headers: reply.headers ?? {} }));
        else callback?.(null, reply.json as object | null);
      });
    },
  };
  return { dialer, calls };
}

/** The error docker-modem rejects with for an HTTP status. */
export function statusError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });
}

/** The `/version` answer of Docker Engine 20.10, trimmed. */
export const VERSION_20_10 = { Version: '20.10.24+dfsg1', ApiVersion: '1.41', MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64' };

/** The engine's answer to `GET /_ping`: its API version in a header. */
export function pingReply(apiVersion: string): FakeReply {
  return { stream: ['OK'], headers: { 'api-version': apiVersion } };
}

/** The path of a call, without its query. */
export function pathOf(call: DockerModem.DialOptions): string {
  return call.path.replace(/\?$/, '');
}
