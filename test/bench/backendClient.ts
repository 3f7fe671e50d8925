/*
 * Calls a benchmark backend as the signed-in guest user, as the entity page
 * does, and times each call.
 *
 * Timed calls go through node:http on one kept-alive connection, asking for
 * gzip as a browser does; the time ends with the answer read and unzipped,
 * as it did with fetch. Not fetch: undici's fetch was about 2 ms slower per
 * call on a 2-core machine (0.4 to 4.3 ms over eight rounds of 100 views,
 * side by side against the same backend), as much as the backend spends on
 * a view, where a browser's network stack adds a fraction of a millisecond.
 * Both backends are timed with the same client.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

/** Below the 5 s keep-alive timeout Node's HTTP server (and so Backstage's) announces. */
const IDLE_CONNECTION_MS = 4_000;
/** A backend silent this long is stuck: the run ends with that, rather than waiting forever. */
const CALL_TIMEOUT_MS = 60_000;

export interface TimedResponse<T> {
  status: number;
  body: T;
  ms: number;
  /** Characters of the body, decompressed: what the backend serialised. */
  length: number;
}

export interface BackendClient {
  readonly baseUrl: string;
  get<T>(route: string): Promise<TimedResponse<T>>;
  post<T>(route: string, body: unknown): Promise<TimedResponse<T>>;
}

/** Whether anything answers at `baseUrl` yet. */
export async function answers(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    return true;
  } catch {
    return false;
  }
}

/**
 * Signs in as the guest user; undefined while the backend is not listening
 * or still starting (404 before the auth plugin's routes are mounted, 503 after).
 */
export async function trySignIn(baseUrl: string): Promise<BackendClient | undefined> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  } catch {
    return undefined;
  }
  if (response.status === 404 || response.status === 503) return undefined;
  if (!response.ok) throw new Error(`Guest sign-in at ${baseUrl}: ${response.status} ${await response.text()}`);
  const token: string = (await response.json()).backstageIdentity.token;
  // Idle connections close before the server's own 5 s keep-alive does, so a call never lands on one it is closing.
  const agent = new http.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });

  const call = <T>(method: string, route: string, body?: unknown): Promise<TimedResponse<T>> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(
        `${baseUrl}${route}`,
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'accept-encoding': 'gzip',
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            let text: string;
            try {
              text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString();
            } catch (error) {
              reject(new Error(`${method} ${route}: unreadable gzip answer (${error})`));
              return;
            }
            const ms = performance.now() - started;
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // Kept as text: error pages are not always JSON.
            }
            resolve({ status: res.statusCode!, body: parsed as T, ms, length: text.length });
          });
        },
      );
      request.on('error', reject);
      request.setTimeout(CALL_TIMEOUT_MS, () =>
        request.destroy(new Error(`${method} ${route}: no answer within ${CALL_TIMEOUT_MS / 1000} s`)),
      );
      request.end(payload);
    });
  return {
    baseUrl,
    get: route => call('GET', route),
    post: (route, body) => call('POST', route, body),
  };
}

/** The body of a call that must succeed; anything else stops the benchmark with the backend's answer. */
export function ok<T>(response: TimedResponse<T>, what: string): T {
  if (response.status >= 300) {
    throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
  }
  return response.body;
}
