import { KINDS, apiVersionOf } from './kinds';

describe('apiVersionOf', () => {
  it('writes group/version for named groups and the bare version for the core group', () => {
    expect(apiVersionOf(KINDS.latticeServiceExport)).toBe(
      'application-networking.k8s.aws/v1alpha1',
    );
    expect(apiVersionOf(KINDS.mcsServiceExport)).toBe(
      'multicluster.x-k8s.io/v1beta1',
    );
    expect(apiVersionOf(KINDS.httpRoute)).toBe('gateway.networking.k8s.io/v1');
    expect(apiVersionOf(KINDS.service)).toBe('v1');
  });
});
