/*
 * What a process hosting a fleet does for the processes that wait on it:
 * describe how to reach it, announce readiness, and close cleanly.
 */
import fs from 'node:fs';
import { FleetAdminServer } from './admin';
import { Fleet } from './fleet';

/** How to reach the fleet's VPC Lattice API. */
export function latticeConnection(fleet: Fleet) {
  const { url, region, accountId, accessKeyId, secretAccessKey, backendAccessKeyId, backendSecretAccessKey } =
    fleet.lattice;
  return { url, region, accountId, accessKeyId, secretAccessKey, backendAccessKeyId, backendSecretAccessKey };
}

/** Writes the description under a temporary name and renames it, so a waiting process never reads half a file. */
export function writeReadyFile(file: string, description: unknown) {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(description, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** Closes the admin endpoint and the fleet, then exits, on Ctrl-C or a stop signal. */
export function closeOnSignals(fleet: Fleet, admin: FleetAdminServer) {
  const shutdown = async () => {
    await admin.close();
    await fleet.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
