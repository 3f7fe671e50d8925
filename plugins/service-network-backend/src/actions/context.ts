/*
 * What every action shares: the zod the actions registry hands out (its
 * schemas become the MCP tools' JSON Schemas), the services once Service
 * Network is ready, and the entity reference an assistant types.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ServiceNetworkAppLinks } from '@service-network/backstage-plugin-service-network-node';
import {
  readyServices,
  ServiceNetworkAvailability,
} from '../http/availability';
import type { ServiceNetworkCaller } from '../service/caller';

/** The registry's zod (`zod/v3` of the Backstage version in use), not ours. */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

export interface ActionsContext {
  registry: ActionsRegistryService;
  /** The plugin's state: the actions answer what its REST API answers while starting or not configured. */
  availability: () => ServiceNetworkAvailability;
  links: ServiceNetworkAppLinks;
}

export function servicesOf(context: ActionsContext) {
  return readyServices(context.availability());
}

/** An action acts as the user whose token the MCP client sent; it has no HTTP request of its own. */
export function callerOf(
  credentials: BackstageCredentials,
): ServiceNetworkCaller {
  return { credentials };
}

export const entityRefField = (zod: Zod) =>
  zod
    .string()
    .min(1)
    .describe(
      'The catalog entity of the service, as kind:namespace/name, e.g. "component:default/checkout". A bare name such as "checkout" means component:default/checkout.',
    );

/** The REST API takes kind, namespace and name in its path; an assistant writes one string. */
export function entityRefOf(value: string): CompoundEntityRef {
  try {
    return parseEntityRef(value, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(`entityRef: ${error.message}`);
  }
}
