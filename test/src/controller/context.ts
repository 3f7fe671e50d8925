/*
 * What every reconciler of one cluster's controller works with.
 */
import { ObjectStore } from '../kube/types';
import { LatticeState } from '../lattice/types';
import { EventRecorder } from './events';
import { StoreIndex } from './storeIndex';
import { TargetGroupCatalog } from './targetGroupCatalog';

export interface ControllerContext {
  clusterName: string;
  accountId: string;
  vpcId: string;
  /** `<account>/<cluster>/<vpc>`, the ManagedBy tag of everything this controller creates. */
  managedBy: string;
  store: ObjectStore;
  lattice: LatticeState;
  /** This cluster's objects by what reconciles look them up by, kept current. */
  index: StoreIndex;
  /** The account's target groups with their tags, kept current. */
  targetGroups: TargetGroupCatalog;
  events: EventRecorder;
  now(): Date;
}
