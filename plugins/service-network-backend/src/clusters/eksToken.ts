/*
 * EKS bearer tokens: a presigned STS GetCallerIdentity URL that names the
 * cluster in the signed `x-k8s-aws-id` header, as `aws eks get-token` makes.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type {
  AwsCredentialProvider,
  AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

type CredentialIdentityProvider =
  AwsCredentialProvider['sdkCredentialProvider'];

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
const PRESIGNED_URL_EXPIRES_SECONDS = 60;
const DEFAULT_STS_REGION = 'us-east-1';
// EKS accepts a token for 15 minutes after signing; like `aws eks get-token`, count on 14.
const TOKEN_LIFETIME_MS = 14 * 60_000;
const RENEW_BEFORE_EXPIRY_MS = 60_000;

export interface EksTokenOptions {
  /** The EKS cluster name (`kubernetes.io/x-k8s-aws-id`). */
  clusterId: string;
  credentials: CredentialIdentityProvider;
  stsRegion: string;
  signingDate?: Date;
}

export async function createEksToken(
  options: EksTokenOptions,
): Promise<string> {
  const hostname = `sts.${options.stsRegion}.amazonaws.com`;
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.stsRegion,
    service: 'sts',
    sha256: Sha256,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': options.clusterId },
    },
    {
      expiresIn: PRESIGNED_URL_EXPIRES_SECONDS,
      signingDate: options.signingDate,
    },
  );
  const query = Object.entries(signed.query ?? {})
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`,
    )
    .join('&');
  const url = `https://${hostname}/?${query}`;
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url).toString('base64url')}`;
}

/** Hands out a cluster's token, signing a new one shortly before the current one expires. */
export class EksTokenSource {
  private current?: { token: Promise<string>; renewAt: number };

  constructor(
    private readonly options: Omit<EksTokenOptions, 'signingDate'>,
    private readonly now: () => number = Date.now,
  ) {}

  token(): Promise<string> {
    const now = this.now();
    if (!this.current || now >= this.current.renewAt) {
      const token = createEksToken({
        ...this.options,
        signingDate: new Date(now),
      });
      this.current = {
        token,
        renewAt: now + TOKEN_LIFETIME_MS - RENEW_BEFORE_EXPIRY_MS,
      };
      // A failed signing is not cached: the next request tries again.
      token.catch(() => {
        if (this.current?.token === token) this.current = undefined;
      });
    }
    return this.current.token;
  }

  /** The cluster refused the current token: the next request signs a new one. */
  discard(): void {
    this.current = undefined;
  }

  /**
   * A source for a cluster configured with `authProvider: aws`: the main
   * account's credentials from the `aws` config section, or a role assumed
   * with them when `kubernetes.io/aws-assume-role` is set.
   */
  static async create(
    auth: { clusterId: string; assumeRole?: string; externalId?: string },
    credentialsManager: AwsCredentialsManager,
  ): Promise<EksTokenSource> {
    const main = await credentialsManager.getCredentialProvider();
    const stsRegion = main.stsRegion ?? DEFAULT_STS_REGION;
    const credentials = auth.assumeRole
      ? fromTemporaryCredentials({
          masterCredentials: main.sdkCredentialProvider,
          params: {
            RoleArn: auth.assumeRole,
            ExternalId: auth.externalId,
            RoleSessionName: 'backstage-service-network',
          },
          clientConfig: { region: stsRegion },
        })
      : main.sdkCredentialProvider;
    return new EksTokenSource({
      clusterId: auth.clusterId,
      credentials,
      stsRegion,
    });
  }
}
