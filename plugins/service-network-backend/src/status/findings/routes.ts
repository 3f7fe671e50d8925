/*
 * Findings about the routes that reach this Service: whether the controller
 * accepted them and resolved their backends, in its own reasons, explained.
 */
import {
  Finding,
  ObjectRef,
  RouteParentStatus,
  routeKindDescriptor,
  RouteStatus,
  StatusCondition,
} from '@service-network/backstage-plugin-service-network-common';
import { CONTROLLER_REACTION_MS, isFailure, isRecent } from '../events';
import { kubeRef } from '../refs';
import {
  Explanation,
  NOT_ACCEPTED,
  UNKNOWN_REASON,
  UNRESOLVED_REFS,
} from '../routeReasons';
import { describeTime, elapsedMs } from '../time';

export function routeLabel(route: RouteStatus): string {
  return `${route.kind} ${route.namespace}/${route.name}`;
}

export function routeRef(route: RouteStatus): ObjectRef {
  return kubeRef(
    routeKindDescriptor(route.kind),
    route.cluster,
    route.namespace,
    route.name,
  );
}

function parentLabel(parent: RouteParentStatus): string {
  const listener = parent.sectionName
    ? ` (listener ${parent.sectionName})`
    : '';
  return `Gateway ${parent.gatewayNamespace}/${parent.gatewayName}${listener}`;
}

function conditionFindings(
  route: RouteStatus,
  type: 'Accepted' | 'ResolvedRefs',
  table: Record<string, Explanation>,
): Finding[] {
  return route.parents.flatMap(parent =>
    parent.conditions
      .filter(
        (condition): condition is StatusCondition =>
          condition.type === type && condition.status === 'False',
      )
      .map(condition => {
        const reason = condition.reason ?? 'no reason given';
        const explanation = table[reason] ?? UNKNOWN_REASON;
        const message = condition.message ? `: "${condition.message}"` : '';
        return {
          id:
            type === 'Accepted'
              ? 'route-not-accepted'
              : 'route-refs-unresolved',
          severity: 'error',
          cluster: route.cluster,
          title:
            type === 'Accepted'
              ? `Route not accepted: ${reason}`
              : `Route backends not resolved: ${reason}`,
          detail: `${routeLabel(route)} on ${parentLabel(
            parent,
          )} has ${type}=False, reason ${reason}${message}. This means ${
            explanation.meaning
          }.`,
          action: explanation.action,
          objectRefs: [routeRef(route)],
        };
      }),
  );
}

function pendingFindings(route: RouteStatus, now: Date): Finding[] {
  if (route.state !== 'pending') {
    return [];
  }
  const late = elapsedMs(route.createdAt, now) > CONTROLLER_REACTION_MS;
  return [
    {
      id: 'route-pending',
      severity: late ? 'warning' : 'info',
      cluster: route.cluster,
      title: late
        ? 'The controller has not reported on the route'
        : 'Route waiting for the controller',
      detail: `The AWS Gateway API Controller has not reported on ${routeLabel(
        route,
      )} yet (no Accepted condition in its status).`,
      action: late
        ? "Check that the route's parentRefs name a Gateway of the amazon-vpc-lattice class and that the controller runs in the config cluster."
        : 'Wait a minute; this page updates by itself.',
      objectRefs: [routeRef(route)],
    },
  ];
}

function eventFindings(route: RouteStatus, now: Date): Finding[] {
  const newest = route.events[0];
  if (
    !newest ||
    !isFailure(newest) ||
    !isRecent(newest, now) ||
    !newest.lastSeen
  ) {
    return [];
  }
  return [
    {
      id: 'route-controller-failure',
      severity: 'error',
      cluster: route.cluster,
      title: `Controller failed on the route: ${newest.reason}`,
      detail: `The controller reports ${newest.reason} for ${routeLabel(
        route,
      )} (last at ${describeTime(newest.lastSeen, now)}): "${newest.message}".`,
      action:
        "Fix what the message names. Common causes: more than one entry in a rule's matches (Lattice takes one per rule), a RegularExpression path, queryParams, or a backend weight above 999.",
      objectRefs: [routeRef(route)],
    },
  ];
}

export function routeFindings(
  routes: readonly RouteStatus[],
  now: Date,
): Finding[] {
  return routes.flatMap(route => [
    ...conditionFindings(route, 'Accepted', NOT_ACCEPTED),
    ...conditionFindings(route, 'ResolvedRefs', UNRESOLVED_REFS),
    ...pendingFindings(route, now),
    ...eventFindings(route, now),
  ]);
}
