/*
 * A signed-in user of one replica, as the app calls it: the dev sign-in
 * (the user named by a cookie), then the plugin's API with the token. Every
 * call is timed and never throws: a replica that is down or restarting
 * answers status 0 with the error, which the workload counts.
 */
import http from 'node:http';

const CALL_TIMEOUT_MS = 30_000;

export interface Answer<T = any> {
  status: number;
  body: T;
  ms: number;
  /** The raw text, for the secrets scan. */
  text: string;
  error?: string;
}

export type UserName = 'developer' | 'platform-admin' | 'guest';

export class UserClient {
  private token?: string;
  private readonly agent = new http.Agent({ keepAlive: true, timeout: 4_000 });

  constructor(readonly user: UserName, readonly baseUrl: string, private readonly onAnswer: (answer: Answer) => void) {}

  /** Signs in (again: a replica that restarted still accepts tokens, but a first sign-in may meet it down). */
  async signIn(): Promise<boolean> {
    const answer = await this.request('GET', '/api/auth/devUsers/refresh', undefined, {
      cookie: `service-network-dev-user=${this.user}`,
      'x-requested-with': 'XMLHttpRequest',
    });
    if (answer.status !== 200) return false;
    this.token = answer.body.backstageIdentity.token;
    return true;
  }

  async call<T = any>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Answer<T>> {
    if (!this.token && !(await this.signIn())) {
      return { status: 0, body: undefined as T, ms: 0, text: '', error: 'cannot sign in' };
    }
    return this.request(method, `/api/service-network${route}`, body, { authorization: `Bearer ${this.token}` });
  }

  private request(method: string, route: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise(resolve => {
      const done = (answer: Omit<Answer, 'ms'>) => {
        const full = { ...answer, ms: performance.now() - started };
        this.onAnswer(full);
        resolve(full);
      };
      const request = http.request(
        `${this.baseUrl}${route}`,
        {
          method,
          agent: this.agent,
          headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', error => done({ status: 0, body: undefined, text: '', error: String(error) }));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // Kept as text: error pages are not always JSON.
            }
            done({ status: res.statusCode!, body: parsed, text });
          });
        },
      );
      request.on('error', error => done({ status: 0, body: undefined, text: '', error: String(error) }));
      request.setTimeout(CALL_TIMEOUT_MS, () => request.destroy(new Error(`no answer within ${CALL_TIMEOUT_MS / 1000} s`)));
      request.end(payload);
    });
  }
}
