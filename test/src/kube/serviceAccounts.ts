/*
 * ServiceAccounts and the long-lived tokens a real cluster issues for them: a
 * Secret of type kubernetes.io/service-account-token naming its account gets
 * data.token (and namespace, ca.crt) from the token controller, and the token
 * authenticates as system:serviceaccount:<namespace>:<name> while both the
 * Secret and its account exist. The controller deletes a token Secret whose
 * account does not exist, and an account's token Secrets with the account.
 */
import { randomBytes } from 'node:crypto';
import type { BuiltinSpec } from './builtins';
import { invalid } from './errors';
import { isPlainObject } from './json';
import { serviceAccountGroups, serviceAccountUser, UserInfo } from './rbac/authorizer';
import { fieldInvalid, fieldRequired } from './schema';
import type { FieldCause, GroupResource, KubeObject, ObjectStore, StoreEvent } from './types';

export const SERVICE_ACCOUNT_RESOURCE: GroupResource = { group: '', plural: 'serviceaccounts' };
export const SECRET_RESOURCE: GroupResource = { group: '', plural: 'secrets' };

export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SERVICE_ACCOUNT_UID_ANNOTATION = 'kubernetes.io/service-account.uid';
const TOKEN_CONTROLLER = 'kube-controller-manager';
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

function secretData(object: KubeObject): Record<string, unknown> {
  return isPlainObject(object.data) ? object.data : {};
}

/** stringData is write-only: folded into data, base64-encoded, as the API server does. A Secret's type cannot change. */
function normalizeSecret(object: KubeObject, previous: KubeObject | undefined): void {
  object.type ??= previous?.type ?? 'Opaque';
  if (previous && previous.type !== object.type) {
    throw invalid({ group: '', kind: 'Secret' }, object.metadata.name, [
      fieldInvalid('type', object.type, 'field is immutable'),
    ]);
  }
  if (isPlainObject(object.stringData)) {
    const data = { ...secretData(object) };
    for (const [key, value] of Object.entries(object.stringData)) {
      data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
    object.data = data;
  }
  delete object.stringData;
}

function validateSecret(object: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [key, value] of Object.entries(secretData(object))) {
    if (!DATA_KEY.test(key))
      causes.push(fieldInvalid(`data[${key}]`, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
    if (typeof value !== 'string' || Buffer.from(value, 'base64').toString('base64') !== value)
      causes.push(fieldInvalid(`data[${key}]`, '<value omitted>', 'must be base64-encoded'));
  }
  if (object.type === SERVICE_ACCOUNT_TOKEN_TYPE && !object.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION])
    causes.push(fieldRequired(`metadata.annotations[${SERVICE_ACCOUNT_NAME_ANNOTATION}]`));
  return causes;
}

export const SERVICE_ACCOUNT_BUILTINS: BuiltinSpec[] = [
  {
    ...SERVICE_ACCOUNT_RESOURCE,
    version: 'v1',
    kind: 'ServiceAccount',
    namespaced: true,
    statusSubresource: false,
    shortNames: ['sa'],
    nameRule: 'dns1123Subdomain',
    selectableFields: ['metadata.name', 'metadata.namespace'],
  },
  {
    ...SECRET_RESOURCE,
    version: 'v1',
    kind: 'Secret',
    namespaced: true,
    statusSubresource: false,
    nameRule: 'dns1123Subdomain',
    selectableFields: ['metadata.name', 'metadata.namespace', 'type'],
    normalize: normalizeSecret,
    validate: validateSecret,
  },
];

export interface ServiceAccountTokenOptions {
  /** The token a Secret gets; random by default. The fleet's are deterministic so a dev config can name them. */
  tokenFor?: (namespace: string, serviceAccount: string, secret: string) => string;
  /** Base64 PEM of the cluster's CA, put in the Secret as ca.crt. */
  caData?: string;
}

interface IssuedToken {
  namespace: string;
  secret: string;
  serviceAccount: string;
}

/** The token controller and the token authenticator of one cluster. */
export class ServiceAccountTokens {
  private readonly issued = new Map<string, IssuedToken>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: ServiceAccountTokenOptions = {},
  ) {
    this.unsubscribe = store.subscribeReadOnly(event => this.observe(event));
    for (const secret of store.listReadOnly(SECRET_RESOURCE)) this.reconcileSecret(secret);
  }

  close(): void {
    this.unsubscribe();
  }

  /** The account a bearer token belongs to, while its Secret still holds it and the account exists. */
  review(token: string): UserInfo | undefined {
    const issued = this.issued.get(token);
    if (!issued) return undefined;
    const secret = this.store.getReadOnly(SECRET_RESOURCE, issued.namespace, issued.secret);
    const account = this.store.getReadOnly(SERVICE_ACCOUNT_RESOURCE, issued.namespace, issued.serviceAccount);
    const stored = secret && secretData(secret).token;
    if (!account || !secret || typeof stored !== 'string' || Buffer.from(stored, 'base64').toString('utf8') !== token)
      return undefined;
    if (secret.metadata.annotations?.[SERVICE_ACCOUNT_UID_ANNOTATION] !== account.metadata.uid) return undefined;
    return {
      name: serviceAccountUser(issued.namespace, issued.serviceAccount),
      groups: serviceAccountGroups(issued.namespace),
    };
  }

  private observe(event: StoreEvent): void {
    const { resource, object, type } = event;
    if (resource.group !== '') return;
    if (resource.plural === SECRET_RESOURCE.plural) {
      if (type === 'DELETED') this.forget(object);
      else this.reconcileSecret(object);
    } else if (resource.plural === SERVICE_ACCOUNT_RESOURCE.plural) {
      const namespace = object.metadata.namespace!;
      const tokens = this.store
        .listReadOnly(SECRET_RESOURCE, namespace)
        .filter(secret => this.accountOf(secret) === object.metadata.name);
      for (const secret of tokens) {
        if (type === 'DELETED') this.deleteSecret(secret);
        else this.reconcileSecret(secret);
      }
    }
  }

  private accountOf(secret: KubeObject): string | undefined {
    if (secret.type !== SERVICE_ACCOUNT_TOKEN_TYPE) return undefined;
    return secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION];
  }

  private reconcileSecret(secret: KubeObject): void {
    const accountName = this.accountOf(secret);
    if (!accountName || secret.metadata.deletionTimestamp) return;
    const namespace = secret.metadata.namespace!;
    const account = this.store.getReadOnly(SERVICE_ACCOUNT_RESOURCE, namespace, accountName);
    if (!account) {
      this.deleteSecret(secret);
      return;
    }
    const data = secretData(secret);
    const uid = secret.metadata.annotations?.[SERVICE_ACCOUNT_UID_ANNOTATION];
    if (typeof data.token === 'string' && uid === account.metadata.uid) {
      this.issued.set(Buffer.from(data.token, 'base64').toString('utf8'), {
        namespace,
        secret: secret.metadata.name,
        serviceAccount: accountName,
      });
      return;
    }
    const token =
      this.options.tokenFor?.(namespace, accountName, secret.metadata.name) ?? randomBytes(32).toString('base64url');
    const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    this.store.mergePatch(
      SECRET_RESOURCE,
      namespace,
      secret.metadata.name,
      {
        metadata: { annotations: { [SERVICE_ACCOUNT_UID_ANNOTATION]: account.metadata.uid } },
        data: {
          token: encode(token),
          namespace: encode(namespace),
          ...(this.options.caData ? { 'ca.crt': this.options.caData } : {}),
        },
      },
      { fieldManager: TOKEN_CONTROLLER, readOnlyResult: true },
    );
  }

  private deleteSecret(secret: KubeObject): void {
    this.forget(secret);
    if (!this.store.getReadOnly(SECRET_RESOURCE, secret.metadata.namespace, secret.metadata.name)) return;
    this.store.delete(SECRET_RESOURCE, secret.metadata.namespace, secret.metadata.name);
  }

  private forget(secret: KubeObject): void {
    for (const [token, issued] of this.issued) {
      if (issued.namespace === secret.metadata.namespace && issued.secret === secret.metadata.name)
        this.issued.delete(token);
    }
  }
}
