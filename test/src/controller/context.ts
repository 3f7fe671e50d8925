/*
 * What every reconciler of one cluster's controller works with.
 */
import { ObjectStore } from '../kube/types';
import { LatticeState } from '../lattice/types';
import { EventRecorder } from './events';
import { TargetGroupCatalog } from './targetGroupCatalog';

export interface ControllerContext {
  clusterName: string;
  accountId: string;
  vpcId: string;
  /** `<account>/<cluster>/<vpc>`, the ManagedBy tag of everything this controller creates. */
  managedBy: string;
  store: ObjectStore;
  lattice: LatticeState;
  /** The account's target groups with their tags, kept current. */
  targetGroups: TargetGroupCatalog;
  events: EventRecorder;
  now(): Date;
}
