/*
 * What the backend's identities did, carried from the fleets that saw it to
 * the audit that judges it. Every fleet appends its records to a file of its
 * own in the directory SERVICE_NETWORK_ACCESS_LOG_DIR names (when set), so
 * separate jest runs and processes add up; the audit reads them all.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AuthorizationRecord } from '../kube/rbac/authorizationLog';
import type { LatticeDecision } from '../lattice/server';
import type { ClusterKind } from './deployFiles';

export const ACCESS_LOG_ENV = 'SERVICE_NETWORK_ACCESS_LOG_DIR';

export interface KubernetesAccessRecord extends AuthorizationRecord {
  kind: 'kubernetes';
  cluster: string;
  clusterKind: ClusterKind;
}

export interface LatticeAccessRecord extends LatticeDecision {
  kind: 'lattice';
}

export type AccessRecord = KubernetesAccessRecord | LatticeAccessRecord;

let written = 0;

/** Writes the records to a new file in the log directory; does nothing when no directory is set. */
export function writeAccessRecords(records: readonly AccessRecord[], dir = process.env[ACCESS_LOG_ENV]): string | undefined {
  if (!dir) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  written += 1;
  const file = path.join(dir, `fleet-${process.pid}-${Date.now()}-${written}.jsonl`);
  // Renamed into place: a reader never sees half a file.
  fs.writeFileSync(`${file}.tmp`, records.map(record => `${JSON.stringify(record)}\n`).join(''));
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

export interface CollectedRecords {
  files: string[];
  records: AccessRecord[];
}

/** Every record in the .jsonl files directly in `dir` (none when it does not exist). */
export function readAccessRecords(dir: string): CollectedRecords {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter(name => name.endsWith('.jsonl'))
        .sort()
        .map(name => path.join(dir, name))
    : [];
  const records = files.flatMap(file =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(line => line.trim())
      .map(line => JSON.parse(line) as AccessRecord),
  );
  return { files, records };
}
