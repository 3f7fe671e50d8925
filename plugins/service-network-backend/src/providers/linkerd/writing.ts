/*
 * Writing for Linkerd multicluster: the export is the one label
 * `mirror.linkerd.io/exported: "true"` (gateway mode) on the Service,
 * applied server-side under a field manager of its own so that nothing
 * else of the Service is touched, not even what another provider of ours
 * wrote there (Cilium's annotation: one manager applying one provider's
 * field would give up the other's). Stopping applies the Service without
 * it, which removes only our label: one someone else set stays, and the
 * apply says so by changing nothing.
 */
import { FIELD_MANAGER } from '../../clusters/types';
import { serviceFieldWriter } from '../serviceFieldWriter';
import { EXPORT_VALUES, LINKERD_LABELS } from './labels';

export const linkerdWriter = serviceFieldWriter({
  apiName: 'Linkerd multicluster',
  field: { labels: { [LINKERD_LABELS.exported]: EXPORT_VALUES.gateway } },
  everyPort: {
    id: 'linkerd-mirrors-every-port',
    words: 'whose service mirror mirrors every port of the Service',
  },
  fieldManager: `${FIELD_MANAGER}-linkerd`,
});
