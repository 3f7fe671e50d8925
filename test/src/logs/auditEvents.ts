/*
 * The audit events in a replica's log. The dev backend logs in Backstage's
 * development format: `<time> <plugin> <level> <message> key=<JSON> ...`,
 * coloured; audit events carry isAuditEvent=true, eventId, status and meta.
 */
import fs from 'node:fs';

export interface AuditEvent {
  eventId: string;
  status: 'initiated' | 'succeeded' | 'failed';
  meta: Record<string, unknown>;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** The JSON value starting at `start`, by matching brackets and quotes; undefined if there is none. */
function jsonAt(line: string, start: number): unknown {
  let depth = 0;
  let inString = false;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    if (!inString && depth === 0 && (c === '"' || c === '}' || c === ']' || line[i + 1] === ' ' || i + 1 === line.length)) {
      try {
        return JSON.parse(line.slice(start, i + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function field(line: string, key: string): unknown {
  const at = line.indexOf(` ${key}=`);
  return at < 0 ? undefined : jsonAt(line, at + key.length + 2);
}

export function readAuditEvents(logFile: string, plugin = 'service-network'): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const raw of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!raw.includes('isAuditEvent')) continue;
    const line = raw.replace(ANSI, '');
    if (field(line, 'plugin') !== plugin && !line.includes(` ${plugin} `)) continue;
    const eventId = field(line, 'eventId');
    const status = field(line, 'status');
    if (typeof eventId !== 'string' || typeof status !== 'string') continue;
    events.push({ eventId, status: status as AuditEvent['status'], meta: (field(line, 'meta') ?? {}) as Record<string, unknown> });
  }
  return events;
}
