import { createHash, createHmac } from 'node:crypto';
import { createEksToken, EKS_TOKEN_PREFIX, EksTokenSource } from './eksToken';

const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});
const signingDate = new Date('2026-11-21T10:00:00Z');

function decode(token: string): URL {
  expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
  const encoded = token.slice(EKS_TOKEN_PREFIX.length);
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** Recomputes a presigned URL's signature the way STS checks it, with the given headers. */
function expectedSignature(
  url: URL,
  headers: Record<string, string>,
  secret: string,
): string {
  const params = [...url.searchParams.entries()].filter(
    ([key]) => key !== 'X-Amz-Signature',
  );
  const canonicalQuery = params
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
    .sort()
    .join('&');
  const signedHeaders = url.searchParams.get('X-Amz-SignedHeaders')!;
  const canonicalHeaders = signedHeaders
    .split(';')
    .map(name => `${name}:${headers[name]}\n`)
    .join('');
  const canonicalRequest = [
    'GET',
    url.pathname,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const [, date, region, service] = url.searchParams
    .get('X-Amz-Credential')!
    .split('/');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    url.searchParams.get('X-Amz-Date'),
    `${date}/${region}/${service}/aws4_request`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secret}`, date), region), service),
    'aws4_request',
  );
  return hmac(key, stringToSign).toString('hex');
}

/** The URL inside a token for payments-prod in eu-west-1. */
async function signedUrl(): Promise<URL> {
  return decode(
    await createEksToken({
      clusterId: 'payments-prod',
      credentials,
      stsRegion: 'eu-west-1',
      signingDate,
    }),
  );
}

describe('createEksToken', () => {
  it('is a base64url presigned STS GetCallerIdentity URL, valid for 60 seconds', async () => {
    const url = await signedUrl();
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20261121/eu-west-1/sts/aws4_request',
      'X-Amz-Date': '20261121T100000Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('signs the cluster name header, so a token cannot be replayed against another cluster', async () => {
    const url = await signedUrl();
    const { secretAccessKey } = await credentials();
    const signature = url.searchParams.get('X-Amz-Signature');
    const host = 'sts.eu-west-1.amazonaws.com';
    expect(signature).toBe(
      expectedSignature(
        url,
        { host, 'x-k8s-aws-id': 'payments-prod' },
        secretAccessKey,
      ),
    );
    expect(signature).not.toBe(
      expectedSignature(
        url,
        { host, 'x-k8s-aws-id': 'payments-dev' },
        secretAccessKey,
      ),
    );
  });

  it('carries the session token of temporary credentials', async () => {
    const url = decode(
      await createEksToken({
        clusterId: 'payments-prod',
        credentials: async () => ({
          ...(await credentials()),
          sessionToken: 'session/token+1=',
        }),
        stsRegion: 'us-east-1',
        signingDate,
      }),
    );
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(
      'session/token+1=',
    );
  });
});

describe('EksTokenSource', () => {
  it('reuses a token until shortly before EKS stops accepting it', async () => {
    let now = signingDate.getTime();
    const source = new EksTokenSource(
      { clusterId: 'payments-prod', credentials, stsRegion: 'us-east-1' },
      () => now,
    );
    const first = await source.token();
    now += 12 * 60_000;
    expect(await source.token()).toBe(first);
    now += 2 * 60_000;
    const renewed = await source.token();
    expect(renewed).not.toBe(first);
    expect(decode(renewed).searchParams.get('X-Amz-Date')).toBe(
      '20261121T101400Z',
    );
  });

  it('signs again after a failure instead of keeping it', async () => {
    let fail = true;
    const source = new EksTokenSource({
      clusterId: 'payments-prod',
      credentials: async () => {
        if (fail) throw new Error('no credentials yet');
        return credentials();
      },
      stsRegion: 'us-east-1',
    });
    await expect(source.token()).rejects.toThrow('no credentials yet');
    fail = false;
    expect(
      decode(await source.token()).searchParams.get('X-Amz-Credential'),
    ).toMatch(/^AKIDEXAMPLE\//);
  });
});
