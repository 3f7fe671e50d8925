/*
 * Writing for Cilium Cluster Mesh: the export is the one annotation
 * `service.cilium.io/global: "true"` on the Service, applied server-side
 * under our field manager so that nothing else of the Service is touched;
 * stopping applies the Service without it, which removes only our field
 * (an annotation someone else set stays, and the apply says so by changing
 * nothing).
 */
import { serviceFieldWriter } from '../serviceFieldWriter';
import { CILIUM_ANNOTATIONS } from './annotations';

export const ciliumWriter = serviceFieldWriter({
  apiName: 'Cilium Cluster Mesh',
  field: { annotations: { [CILIUM_ANNOTATIONS.global]: 'true' } },
  everyPort: {
    id: 'cilium-shares-every-port',
    words: 'where a global service shares every port of the Service',
  },
});
