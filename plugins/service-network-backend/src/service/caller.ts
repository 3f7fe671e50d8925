/*
 * Who is asking, for every entry point alike (the REST API, the actions
 * registry): the credentials decide what they may do, and the HTTP request,
 * when there is one, tells the auditor who and from where.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';

export interface ServiceNetworkCaller {
  credentials: BackstageCredentials;
  /** The HTTP request, for the audit log; absent for an action call. */
  request?: Request;
}

/** Service Network acts for people: the signed-in user's entity ref, or a refusal naming what called instead. */
export function userOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal?.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError(
      `Service Network acts for signed-in users only, and this call carries ${
        principal?.type === 'service'
          ? `the credentials of a service (${principal.subject})`
          : 'no user'
      }: call it with a user's Backstage token`,
    );
  }
  return principal.userEntityRef;
}

/**
 * The auditor learns the actor from the HTTP request; an action call has
 * none (the MCP server's own audit event has it), so the meta names the user.
 */
export function auditMeta(
  caller: ServiceNetworkCaller,
  meta: JsonObject,
): JsonObject {
  return caller.request ? meta : { ...meta, actor: userOf(caller.credentials) };
}
