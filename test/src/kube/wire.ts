/*
 * Bytes in and out of the simulated API server: request bodies (JSON or YAML,
 * size-limited as on a real server) and JSON answers, errors as v1 Status.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import {
  badRequest,
  KubeApiError,
  requestEntityTooLarge,
  unsupportedMediaType,
} from './errors';

/** The API server's limit on request bodies. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Whether an Accept header admits JSON (no header admits anything). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept
    .split(',')
    .map(part => mediaType(part))
    .some(type => type === 'application/json' || type === '*/*' || type === 'application/*');
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw requestEntityTooLarge('the request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const YAML_TYPES = new Set([
  'application/yaml',
  'application/apply-patch+yaml',
]);
const JSON_TYPES = new Set([
  '',
  'application/json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
]);

/** Decodes a body sent as JSON or YAML; anything else (protobuf, CBOR) is a 415. */
export function decodeBody(
  text: string,
  contentType: string | undefined,
): unknown {
  const type = mediaType(contentType);
  if (!JSON_TYPES.has(type) && !YAML_TYPES.has(type)) {
    throw unsupportedMediaType(['application/json', 'application/yaml']);
  }
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    return YAML_TYPES.has(type) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(
      `couldn't get version/kind; json parse error: ${
        (error as Error).message
      }`,
    );
  }
}

function baseHeaders(): Record<string, string> {
  return { 'Cache-Control': 'no-cache, private', 'Audit-Id': randomUUID() };
}

export function sendJson(
  response: ServerResponse,
  code: number,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  response.writeHead(code, {
    ...baseHeaders(),
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendBytes(
  response: ServerResponse,
  contentType: string,
  body: Buffer,
): void {
  response.writeHead(200, {
    ...baseHeaders(),
    'Content-Type': contentType,
    'Content-Length': body.length,
  });
  response.end(body);
}

export function sendText(
  response: ServerResponse,
  code: number,
  text: string,
): void {
  response.writeHead(code, {
    ...baseHeaders(),
    'Content-Type': 'text/plain; charset=utf-8',
  });
  response.end(text);
}

export function sendStatus(
  response: ServerResponse,
  error: KubeApiError,
): void {
  const retryAfter = error.status.details?.retryAfterSeconds;
  if (retryAfter !== undefined || error.code === 503) {
    response.setHeader('Retry-After', String(retryAfter ?? 1));
  }
  sendJson(response, error.code, error.status);
}
