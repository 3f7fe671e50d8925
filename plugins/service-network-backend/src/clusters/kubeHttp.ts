/*
 * Reads and watches over the client's own connection settings: the TLS
 * settings (CA, client certificate, verification) and the headers
 * (credentials, refreshed tokens) that KubeConfig produces for every request.
 * Raw requests keep what the generated API client drops: list
 * resourceVersions, Status bodies of failures, bookmarks, and a timeout on an
 * idle connection.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  ClusterRequestError,
  responseError,
  timeoutError,
  toClusterRequestError,
} from './errors';
import type { WatchHandle } from './types';

export type Query = Record<string, string | number | boolean | undefined>;

interface Exchange {
  request: http.ClientRequest;
  response: http.IncomingMessage;
  /** The error that broke the exchange, once one did. */
  failure(): ClusterRequestError | undefined;
  /** Replaces the default on an idle connection (failing with a timeout). */
  whenIdle(handler: () => void): void;
}

/** A pooled connection closes before the API server (or a load balancer before it) does so under a request. */
const POOLED_IDLE_MS = 30_000;

const agents = new WeakMap<
  KubeConfig,
  { agent: http.Agent; clientCertificate: unknown }
>();

/**
 * One agent per cluster, so requests share connections and TLS sessions:
 * KubeConfig builds a new agent (a new TLS context, no reuse) on every
 * applyToHTTPSOptions. Ours takes that agent's options as they are and adds
 * keep-alive; maxSockets stays unlimited, since each watch holds a
 * connection for as long as it runs. A new client certificate gets a new
 * agent; connections of the old one close as their watches end. The agent
 * holds one TLS context: left to itself, every new connection parses the
 * CA and client certificate again, and when watches are cut, every watch of
 * every cluster reconnects at once (half the CPU of a relist burst in a
 * profile, all of it blocking page views).
 */
function sharedAgent(kc: KubeConfig, built: http.Agent): http.Agent {
  const builtOptions = (built as https.Agent).options;
  const clientCertificate = `${builtOptions.cert ?? ''}|${
    builtOptions.key ?? ''
  }`;
  let shared = agents.get(kc);
  if (!shared || shared.clientCertificate !== clientCertificate) {
    const options = { ...builtOptions, keepAlive: true };
    const agent =
      built instanceof https.Agent
        ? new https.Agent({
            ...options,
            secureContext: tls.createSecureContext(builtOptions),
          })
        : new http.Agent(options);
    // After the agent's own listener, which clears the timeout of a connection it pools.
    agent.on('free', (socket: Socket) => socket.setTimeout(POOLED_IDLE_MS));
    shared = { agent, clientCertificate };
    agents.set(kc, shared);
  }
  return shared.agent;
}

function readBody(response: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
  });
}

/**
 * Sends a GET and resolves once a 2xx status arrives. The connection is cut
 * when it is idle (no answer, no data) for `idleTimeoutMs`.
 */
async function open(
  kc: KubeConfig,
  path: string,
  query: Query,
  idleTimeoutMs: number,
): Promise<Exchange> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new ClusterRequestError('no cluster URL configured');
  const url = new URL(`${server}${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  // Per request: the headers carry the current token.
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const agent = sharedAgent(kc, options.agent as http.Agent);
  const transport = url.protocol === 'https:' ? https : http;

  return new Promise((resolve, reject) => {
    let failure: ClusterRequestError | undefined;
    let onIdle: (() => void) | undefined;
    const request = transport.request(url, {
      method: 'GET',
      agent,
      auth: options.auth,
      headers: { ...options.headers, accept: 'application/json' },
    });
    request.setTimeout(idleTimeoutMs, () =>
      onIdle ? onIdle() : request.destroy(timeoutError(idleTimeoutMs)),
    );
    request.on('error', error => {
      failure ??= toClusterRequestError(error);
      reject(failure);
    });
    request.once('response', response => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        resolve({
          request,
          response,
          failure: () => failure,
          whenIdle: handler => {
            onIdle = handler;
          },
        });
        return;
      }
      readBody(response).then(
        body => reject(responseError(status, body.toString('utf8'))),
        error => reject(failure ?? toClusterRequestError(error)),
      );
    });
    request.end();
  });
}

export async function getJson(
  kc: KubeConfig,
  path: string,
  query: Query,
  timeoutMs: number,
): Promise<unknown> {
  const exchange = await open(kc, path, query, timeoutMs);
  try {
    return JSON.parse((await readBody(exchange.response)).toString('utf8'));
  } catch (error) {
    throw exchange.failure() ?? toClusterRequestError(error);
  }
}

/**
 * Streams a response line by line. `onLine` may throw to end the stream
 * with that error (a watch's ERROR event does). A stream idle for
 * `idleTimeoutMs` ends quietly, as if the server had closed it: the caller
 * reopens it, which tells a quiet stream from a dead server.
 */
export async function streamLines(
  kc: KubeConfig,
  path: string,
  query: Query,
  idleTimeoutMs: number,
  onLine: (line: string) => void,
): Promise<WatchHandle> {
  const { request, response, failure, whenIdle } = await open(
    kc,
    path,
    query,
    idleTimeoutMs,
  );
  let aborted = false;
  let refused: ClusterRequestError | undefined;
  const abort = () => {
    aborted = true;
    request.destroy();
  };
  whenIdle(abort);
  const done = new Promise<void>((resolve, reject) => {
    // Deferred, so that an error the request itself recorded (an ERROR event, a timeout) is known first.
    const settle = (error?: unknown) =>
      setImmediate(() => {
        const cause =
          refused ??
          failure() ??
          (error === undefined ? undefined : toClusterRequestError(error));
        if (aborted || !cause) resolve();
        else reject(cause);
      });
    createInterface({ input: response, crlfDelay: Infinity })
      .on('line', line => {
        if (aborted || refused || !line) return;
        try {
          onLine(line);
        } catch (error) {
          refused = toClusterRequestError(error);
          endAfterRefusal(request, response);
        }
      })
      // The interface re-emits the response's errors, which settle() already handles.
      .on('error', () => undefined);
    response.on('error', settle);
    response.once('close', () => settle());
  });
  return { abort, done };
}

/**
 * The API server ends a watch right after its ERROR event (410 Gone above
 * all): the connection then goes back to the pool. Cutting it instead
 * would have every watch reconnect (a TLS handshake each) at the moment
 * every watch of a cluster expires, all at once, blocking page views.
 */
const END_AFTER_ERROR_MS = 1_000;

function endAfterRefusal(
  request: http.ClientRequest,
  response: http.IncomingMessage,
): void {
  const timer = setTimeout(() => request.destroy(), END_AFTER_ERROR_MS);
  response.once('close', () => clearTimeout(timer));
}
