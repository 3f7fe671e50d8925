/*
 * What a preflight check finds wrong, and its words. A module of its own
 * because the providers' export planners raise them too, and preflight
 * itself looks providers up: they must not import each other.
 */
import type { ServiceRef } from '@service-network/backstage-plugin-service-network-common';

/** Bad input (the request names something that does not exist) or a conflict (the clusters are not ready for it). */
export interface PreflightProblem {
  kind: 'input' | 'conflict';
  message: string;
}

export function describeService(service: ServiceRef): string {
  return `Service ${service.namespace}/${service.name}`;
}

export const conflict = (message: string): PreflightProblem => ({ kind: 'conflict', message });
export const input = (message: string): PreflightProblem => ({ kind: 'input', message });
