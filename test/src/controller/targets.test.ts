import { KubeObject } from '../kube/types';
import { endpointTargets, nextTargetStates } from './targets';

const slice: KubeObject = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {
    name: 'checkout-abc',
    namespace: 'shop',
    labels: { 'kubernetes.io/service-name': 'checkout' },
  },
  addressType: 'IPv4',
  ports: [
    { name: 'http', port: 8080, protocol: 'TCP' },
    { name: 'metrics', port: 9090, protocol: 'TCP' },
  ],
  endpoints: [
    { addresses: ['10.0.0.1'], conditions: { ready: true } },
    { addresses: ['10.0.0.2'], conditions: { ready: false } },
    { addresses: ['10.0.0.3'] },
  ],
};

describe('endpointTargets', () => {
  it('takes the target port from the slice port named like the Service port', () => {
    expect(
      endpointTargets([slice], { name: 'http', port: 80, targetPort: 'web' }),
    ).toEqual([
      { ip: '10.0.0.1', port: 8080, ready: true },
      { ip: '10.0.0.2', port: 8080, ready: false },
      { ip: '10.0.0.3', port: 8080, ready: true },
    ]);
  });

  it('finds nothing for a Service port the slice does not carry', () => {
    expect(endpointTargets([slice], { name: 'grpc', port: 50051 })).toEqual([]);
  });
});

describe('nextTargetStates', () => {
  const endpoints = [
    { ip: '10.0.0.1', port: 8080, ready: true },
    { ip: '10.0.0.2', port: 8080, ready: false },
  ];

  it('registers ready endpoints INITIAL and failing ones UNHEALTHY', () => {
    expect(nextTargetStates([], endpoints, true)).toEqual([
      {
        id: '10.0.0.1',
        port: 8080,
        status: 'INITIAL',
        reasonCode: 'RegistrationInProgress',
      },
      {
        id: '10.0.0.2',
        port: 8080,
        status: 'UNHEALTHY',
        reasonCode: 'HealthCheckFailed',
      },
    ]);
  });

  it('makes an INITIAL target HEALTHY on the next round', () => {
    const first = nextTargetStates([], endpoints, true);
    expect(nextTargetStates(first, endpoints, true)[0]).toEqual({
      id: '10.0.0.1',
      port: 8080,
      status: 'HEALTHY',
    });
  });

  it('starts over for targets listed UNUSED', () => {
    const unused = [
      {
        id: '10.0.0.1',
        port: 8080,
        status: 'UNUSED' as const,
        reasonCode: 'TargetGroupNotInUse',
      },
    ];
    expect(
      nextTargetStates(unused, endpoints.slice(0, 1), true)[0].status,
    ).toBe('INITIAL');
  });

  it('reports UNAVAILABLE when health checks are off', () => {
    expect(nextTargetStates([], endpoints, false).map(t => t.status)).toEqual([
      'UNAVAILABLE',
      'UNAVAILABLE',
    ]);
  });
});
