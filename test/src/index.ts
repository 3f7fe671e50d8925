/**
 * The simulated fleet: Kubernetes API servers, a VPC Lattice API and the AWS
 * Gateway API Controller on loopback, for tests, benchmarks and `npm start`.
 *
 * @packageDocumentation
 */
export { startFleet, clusterTokens, FLEET_DEFAULTS } from './fleet/fleet';
export type { Fleet, FleetCluster, FleetLattice, FleetOptions, ClusterRole } from './fleet/fleet';
export { startFleetAdmin } from './fleet/admin';
export type { FleetAdminServer } from './fleet/admin';
export { closeOnSignals, latticeConnection, writeReadyFile } from './fleet/fleetProcess';
export {
  applyAll,
  seedDemoFleet,
  seedLargeFleet,
  largeServiceName,
  largeServiceNamespace,
  DEMO_SERVICES,
  DEMO_NAMESPACE,
  DEMO_GATEWAYS,
} from './fleet/seed';
export type { LargeSeedOptions, DemoServiceSeed } from './fleet/seed';
export * from './fleet/objects';
export { generateServingCertificate, loadOrCreateServingCertificate } from './fleet/tls';
export type { ServingCertificate } from './fleet/tls';
export { loadProjectCrds, loadCrdsFromDir, loadFleetCrds, referenceCrdsDir } from './kube/crdManifests';
export type { FleetCrds } from './kube/crdManifests';
export type { KubeObject, ObjectStore } from './kube/types';
export { createObjectStore } from './kube/store';
export { CRD_RESOURCE } from './kube/builtins';
export { isKubeApiError } from './kube/errors';
export { validateObject, applyDefaults } from './kube/schema';
export type { FieldCause, JSONSchemaProps } from './kube/types';
export { fleetSecrets, findSecrets, findSecretsInFiles } from './secrets/scan';
export type { KnownSecret, SecretFinding } from './secrets/scan';
export { readAuditEvents } from './logs/auditEvents';
export type { AuditEvent } from './logs/auditEvents';
