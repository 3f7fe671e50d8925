/*
 * The simulated VPC Lattice API over HTTP: restJson1 read operations, SigV4
 * authentication, AWS error responses, fault injection and request counts.
 * Point `@aws-sdk/client-vpc-lattice` at `url` with one of the credentials.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { internalError, LatticeApiError, throttled, unknownOperation, validationError } from './errors';
import { LatticeFaults } from './faults';
import { checkPolicy, denied, evaluatePolicy, IamPolicy } from './iam';
import { checkLabels, matchOperation } from './operations';
import { verifySignature } from './sigv4';
import { LatticeState } from './types';

export interface LatticeRequestCounts {
  /** Requests received, whatever became of them (dropped ones excepted). */
  total: number;
  /** Requests per operation name, for requests that addressed a known operation. */
  byOperation: Record<string, number>;
  reset(): void;
}

/** Operations each access key asked for, and whether its policy let it. */
export interface LatticeDecision {
  accessKeyId: string;
  operation: string;
  action: string;
  allowed: boolean;
  count: number;
}

export interface LatticeApiServer {
  url: string;
  state: LatticeState;
  faults: LatticeFaults;
  requests: LatticeRequestCounts;
  /** Every authorized or refused operation of a known operation, by access key. */
  decisions(forKey?: (accessKeyId: string) => boolean): LatticeDecision[];
  close(): Promise<void>;
}

export interface LatticeCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** The IAM principal the key belongs to, as denials name it. */
  principalArn?: string;
  /** An identity-based policy the key's requests must pass; without one, the key may do everything. */
  policy?: IamPolicy;
}

export interface LatticeApiOptions {
  state: LatticeState;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0, an ephemeral port. */
  port?: number;
  credentials: LatticeCredential[];
}

const SIGNING_SERVICE = 'vpc-lattice';
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const MAX_BODY_BYTES = 1024 * 1024;

function createRequestCounts(): LatticeRequestCounts {
  return {
    total: 0,
    byOperation: {},
    reset() {
      this.total = 0;
      for (const name of Object.keys(this.byOperation)) delete this.byOperation[name];
    },
  };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw validationError([{ name: 'body', message: `The request body exceeds ${MAX_BODY_BYTES} bytes` }], 'other');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(payload);
}

function sendError(res: http.ServerResponse, error: LatticeApiError): void {
  send(res, error.httpStatus, error.body, { 'x-amzn-ErrorType': error.name, ...error.headers });
}

export async function startLatticeApi(options: LatticeApiOptions): Promise<LatticeApiServer> {
  const { state } = options;
  const secrets = new Map(options.credentials.map(c => [c.accessKeyId, c.secretAccessKey]));
  const policies = new Map(
    options.credentials.flatMap(c => (c.policy ? [[c.accessKeyId, { policy: checkPolicy(c.policy), principal: c.principalArn ?? `arn:aws:iam::${state.accountId}:user/${c.accessKeyId}` }] as const] : [])),
  );
  const decisions = new Map<string, LatticeDecision>();

  /** Refuses an operation the key's policy does not allow, as IAM would before the service sees it. */
  function authorize(accessKeyId: string, operation: string): void {
    const action = `vpc-lattice:${operation}`;
    const granted = policies.get(accessKeyId);
    const decision = granted ? evaluatePolicy(granted.policy, action) : 'allowed';
    const key = `${accessKeyId} ${operation} ${decision === 'allowed'}`;
    const seen = decisions.get(key);
    if (seen) seen.count += 1;
    else decisions.set(key, { accessKeyId, operation, action, allowed: decision === 'allowed', count: 1 });
    if (decision !== 'allowed') throw denied(granted!.principal, action, decision);
  }
  const faults = new LatticeFaults();
  const requests = createRequestCounts();

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (faults.unreachable) {
      req.socket.destroy();
      return;
    }
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : target.slice(queryAt + 1);
    const method = req.method ?? 'GET';
    const matched = matchOperation(method, rawPath);
    requests.total++;
    if (matched) {
      const name = matched.operation.name;
      requests.byOperation[name] = (requests.byOperation[name] ?? 0) + 1;
    }
    try {
      const body = await readBody(req);
      await faults.delay();
      if (faults.unreachable) {
        req.socket.destroy();
        return;
      }
      const accessKeyId = verifySignature(
        { method, rawPath, rawQuery, headers: req.headers, body },
        {
          service: SIGNING_SERVICE,
          region: state.region,
          secretFor: key => secrets.get(key),
          now: new Date(),
          maxSkewMs: MAX_CLOCK_SKEW_MS,
        },
      );
      if (!matched) throw unknownOperation();
      authorize(accessKeyId, matched.operation.name);
      if (faults.throttles()) throw throttled(faults.retryAfterSeconds);
      if (faults.fails()) throw internalError();
      checkLabels(matched.labels);
      const request = { labels: matched.labels, query: new URLSearchParams(rawQuery), body: body.toString('utf8') };
      send(res, 200, matched.operation.handle(state, request, matched.operation.name));
    } catch (error) {
      if (error instanceof LatticeApiError) {
        sendError(res, error);
      } else {
        // A simulator bug: answer like AWS would, but leave a trace for whoever runs the tests.
        console.error('Lattice simulator failed to answer', method, target, error);
        sendError(res, internalError());
      }
    }
  }

  // answer() settles every error itself.
  const server = http.createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    state,
    faults,
    requests,
    decisions: (forKey = () => true) =>
      [...decisions.values()].filter(d => forKey(d.accessKeyId)).map(d => ({ ...d })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
