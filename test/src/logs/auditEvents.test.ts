import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAuditEvents } from './auditEvents';

describe('reading audit events from a dev backend log', () => {
  it('reads the event, its status and meta from coloured lines, and skips other lines', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-')), 'replica.log');
    const line = (fields: string) =>
      `\x1b[2m2026-12-03T12:58:13.223Z\x1b[22m \x1b[34mservice-network\x1b[39m \x1b[32minfo\x1b[39m service-network.route-request-create ${fields}`;
    fs.writeFileSync(
      file,
      [
        line('\x1b[36misAuditEvent\x1b[39m=true \x1b[36meventId\x1b[39m="route-request-create" \x1b[36mstatus\x1b[39m="initiated" \x1b[36mmeta\x1b[39m={"entityRef":"component:default/a b"}'),
        line('isAuditEvent=true eventId="route-request-create" severityLevel="medium" meta={"entityRef":"x","requestId":"r1"} status="succeeded"'),
        'rootHttpRouter info "GET /api/service-network/fleet" status=200',
      ].join('\n'),
    );
    expect(readAuditEvents(file)).toEqual([
      { eventId: 'route-request-create', status: 'initiated', meta: { entityRef: 'component:default/a b' } },
      { eventId: 'route-request-create', status: 'succeeded', meta: { entityRef: 'x', requestId: 'r1' } },
    ]);
  });
});
