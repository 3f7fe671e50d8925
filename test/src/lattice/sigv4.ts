/*
 * Verifies AWS Signature Version 4 on an incoming request by recomputing it,
 * the way AWS front doors do, and refuses it with the error AWS would send.
 * The canonical form follows what the SDK signs for a restJson1 service:
 * the path as sent, URI-encoded once more, and the query re-encoded and sorted.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { LatticeApiError } from './errors';

export interface SignedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** The query string as sent, without the '?'. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SignatureExpectations {
  service: string;
  region: string;
  secretFor(accessKeyId: string): string | undefined;
  now: Date;
  maxSkewMs: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

function forbidden(name: 'MissingAuthenticationTokenException' | 'IncompleteSignatureException' | 'UnrecognizedClientException' | 'InvalidSignatureException', message: string) {
  return new LatticeApiError(name, 403, message);
}

/** Answers the access key that signed the request; throws the front door's error when the signature does not hold. */
export function verifySignature(request: SignedRequest, expected: SignatureExpectations): string {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) throw forbidden('MissingAuthenticationTokenException', 'Missing Authentication Token');

  const parts = parseAuthorization(authorization);
  const [accessKeyId, date, region, service, terminator] = parts.credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request') {
    throw forbidden('IncompleteSignatureException', `Credential must have exactly 5 slash-delimited elements, e.g. keyID/date/region/service/term, got '${parts.credential}'`);
  }
  const secret = expected.secretFor(accessKeyId);
  if (secret === undefined) {
    throw forbidden('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (service !== expected.service) {
    throw forbidden('InvalidSignatureException', `Credential should be scoped to correct service: '${expected.service}'.`);
  }
  if (region !== expected.region) {
    throw forbidden('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`);
  }
  if (!parts.signedHeaders.includes('host')) {
    throw forbidden('InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate) {
    throw forbidden('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  checkClock(amzDate, expected);
  if (amzDate.slice(0, 8) !== date) {
    throw forbidden('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'`);
  }

  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest(request, parts.signedHeaders))].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, date);
  for (const element of [region, service, 'aws4_request']) key = hmac(key, element);
  const signature = hmac(key, stringToSign).toString('hex');

  const given = Buffer.from(parts.signature);
  const computed = Buffer.from(signature);
  if (given.length !== computed.length || !timingSafeEqual(given, computed)) {
    throw forbidden(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return accessKeyId;
}

function parseAuthorization(authorization: string): { credential: string; signedHeaders: string[]; signature: string } {
  const [algorithm, ...rest] = authorization.trim().split(/\s+/);
  const fields = new Map(
    rest
      .join('')
      .split(',')
      .map(pair => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), pair.slice(at + 1)] as const;
      }),
  );
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (algorithm !== ALGORITHM || !credential || !signedHeaders || !signature) {
    throw forbidden(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters and the ${ALGORITHM} algorithm. Authorization=${algorithm}`,
    );
  }
  return { credential, signedHeaders: signedHeaders.split(';'), signature };
}

function checkClock(amzDate: string, expected: SignatureExpectations): void {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) {
    throw forbidden('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  }
  const [, year, month, day, hour, minute, second] = match;
  const signedAt = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
  const now = expected.now.getTime();
  const format = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const minutes = expected.maxSkewMs / 60_000;
  if (signedAt < now - expected.maxSkewMs) {
    throw forbidden('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${format(now - expected.maxSkewMs)} (${format(now)} - ${minutes} min.)`);
  }
  if (signedAt > now + expected.maxSkewMs) {
    throw forbidden('InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${format(now + expected.maxSkewMs)} (${format(now)} + ${minutes} min.)`);
  }
}

function canonicalRequest(request: SignedRequest, signedHeaders: string[]): string {
  const headers = signedHeaders.map(name => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}`);
  const payload = headerValue(request.headers, 'x-amz-content-sha256') === 'UNSIGNED-PAYLOAD' ? 'UNSIGNED-PAYLOAD' : sha256Hex(request.body);
  return [
    request.method,
    canonicalPath(request.rawPath),
    canonicalQuery(request.rawQuery),
    `${headers.join('\n')}\n`,
    signedHeaders.join(';'),
    payload,
  ].join('\n');
}

function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = rawPath.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return escape(`${leading}${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

/** Code-unit order, as SigV4 sorts (localeCompare would not). */
function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function canonicalQuery(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter(pair => pair !== '')
    .map(pair => {
      const at = pair.indexOf('=');
      const [key, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [escape(decode(key)), escape(decode(value))] as const;
    })
    .filter(([key]) => key !== 'X-Amz-Signature')
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** RFC 3986 encoding, as SigV4 wants it. */
function escape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
