/*
 * Judges an MCS-like ServiceExport from the conditions its implementation
 * wrote, by what each condition type means in KEP-1645.
 */
import type {
  McsExportStatus,
  StatusCondition,
} from '@service-network/backstage-plugin-service-network-common';
import { conditionOf } from '../../status/kube';
import type { Judgement } from '../judgement';
import type { McsApi } from './api';

export function judgeMcsExport(
  api: Pick<McsApi, 'conditions' | 'apiName'>,
  serviceExport: McsExportStatus,
): Judgement {
  const { conditions } = serviceExport;
  const valid = conditionOf(conditions, api.conditions.valid);
  const ready = conditionOf(conditions, api.conditions.ready);
  const conflict = conditionOf(conditions, api.conditions.conflict);
  const said = (condition: StatusCondition) =>
    [condition.reason, condition.message].filter(Boolean).join(': ') ||
    `${condition.type} is ${condition.status}`;
  if (serviceExport.deleting) {
    return {
      state: 'deleting',
      reason: `The ${api.apiName} ServiceExport is being deleted.`,
    };
  }
  if (valid?.status === 'False') {
    return {
      state: 'failed',
      reason: `The export is not valid (${said(valid)}).`,
    };
  }
  if (ready?.status === 'False' && ready.reason === 'Failed') {
    return { state: 'failed', reason: `The export failed (${said(ready)}).` };
  }
  if (conflict?.status === 'True') {
    return {
      state: 'degraded',
      reason: `Exported with a conflict (${said(conflict)}).`,
    };
  }
  if (ready?.status === 'True') {
    return { state: 'healthy', reason: 'Exported and ready.' };
  }
  return ready
    ? { state: 'pending', reason: `Not ready yet (${said(ready)}).` }
    : {
        state: 'pending',
        reason: `Waiting for the ${api.apiName} controller to report.`,
      };
}
