/*
 * What the actions share: calling the Service Network backend as the user who
 * runs the template, putting its errors into words, and writing once per task.
 */
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { JsonValue } from '@backstage/types';
import { SERVICE_NETWORK_PLUGIN_ID } from '@service-network/backstage-plugin-service-network-common';

/**
 * What an action needs to reach the backend.
 *
 * @public
 */
export interface ServiceNetworkBackendDeps {
  discovery: DiscoveryService;
  auth: AuthService;
}

/** The backend's answer: its status, and its body as JSON when it is JSON. */
export interface BackendAnswer {
  status: number;
  ok: boolean;
  text: string;
  body: any;
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * POSTs `body` to `path` of the backend with a token on behalf of the task's
 * initiator, so the backend applies that user's permissions. Any status is
 * returned; only an unreachable backend throws.
 */
export async function postAsInitiator(
  deps: ServiceNetworkBackendDeps,
  ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials' | 'signal'>,
  path: string,
  body: unknown,
): Promise<BackendAnswer> {
  const { token } = await deps.auth.getPluginRequestToken({
    onBehalfOf: await ctx.getInitiatorCredentials(),
    targetPluginId: SERVICE_NETWORK_PLUGIN_ID,
  });
  const url = `${await deps.discovery.getBaseUrl(
    SERVICE_NETWORK_PLUGIN_ID,
  )}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: ctx.signal,
    });
  } catch (error) {
    throw new Error(
      `Could not reach the Service Network backend at ${url}: ${error}`,
    );
  }
  const text = await response.text();
  return {
    status: response.status,
    ok: response.ok,
    text,
    body: parseJson(text),
  };
}

/** The backend's own words for a failure: its error message, else what it sent. */
export function backendMessage(answer: BackendAnswer): string {
  return answer.body?.error?.message ?? (answer.text.trim() || 'no message');
}

/** e.g. "Exporting component:default/orders failed with HTTP 403: ...". */
export function failureMessage(doing: string, answer: BackendAnswer): string {
  return `${doing} failed with HTTP ${answer.status}: ${backendMessage(
    answer,
  )}`;
}

/**
 * Runs `fn` inside a checkpoint: a recovered task gets the answer stored by
 * the attempt that succeeded instead of writing again, and says so in the log.
 */
export async function once<T extends JsonValue>(
  ctx: Pick<ActionContext<any, any>, 'checkpoint' | 'logger'>,
  options: {
    key: string;
    fn: () => Promise<T>;
    recovered: (stored: T) => string;
  },
): Promise<T> {
  let called = false;
  const value = await ctx.checkpoint<T>({
    key: options.key,
    fn: () => {
      called = true;
      return options.fn();
    },
  });
  if (!called) ctx.logger.info(options.recovered(value));
  return value;
}

/** How the actions describe their `entityRef` input and output. */
export const SERVICE_REF_HELP = {
  input:
    'The service, e.g. component:default/orders; kind defaults to component, namespace to default',
  output: 'The full entity reference of the service',
};

/** Kind and namespace may be left out: a bare name is a Component in the default namespace. */
export function parseServiceRef(ref: string): CompoundEntityRef {
  try {
    return parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(`"${ref}" is not an entity reference: ${error}`);
  }
}

/** The form hands over an empty list when someone adds and removes an item; it means "not chosen". */
export function chosen<T>(values: T[] | undefined): T[] | undefined {
  return values?.length ? values : undefined;
}
