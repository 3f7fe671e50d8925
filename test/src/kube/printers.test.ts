/*
 * Server-side printing: the apiserver's JSONPath for printer columns, the
 * cell types of a CRD's columns, and the built-in printers' harder cells.
 */
import { compileJsonPath, formatJsonPathValue } from './jsonpath';
import { customResourcePrinter } from './printerColumns';
import { builtinPrinter } from './printers';
import type { KubeObject } from './types';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (seconds: number) =>
  new Date(NOW - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function object(fields: Record<string, unknown>, seconds = 30): KubeObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', creationTimestamp: ago(seconds) },
    ...fields,
  };
}

describe('JSONPath as printer columns evaluate it', () => {
  const gateway = {
    status: {
      addresses: [{ value: 'a.example' }, { value: 'b.example' }],
      conditions: [
        { type: 'Accepted', status: 'True', observedGeneration: 1 },
        { type: 'Programmed', status: 'False', observedGeneration: 2 },
      ],
    },
    metadata: { labels: { 'app.kubernetes.io/name': 'gw' } },
  };
  const cases: Array<[string, unknown[]]> = [
    ['.status.conditions[?(@.type=="Programmed")].status', ['False']],
    ['{.status.conditions[?(@.observedGeneration > 1)].type}', ['Programmed']],
    ['.status.conditions[?(@.reason)].type', []],
    ['.status.addresses[*].value', ['a.example', 'b.example']],
    ['.status.addresses[-1].value', ['b.example']],
    ['.status.addresses[0:1].value', ['a.example']],
    ["$.metadata.labels['app.kubernetes.io/name']", ['gw']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['gw']],
    ['..value', ['a.example', 'b.example']],
    ['.spec.missing', []],
  ];
  it.each(cases)('%s', (path, expected) => {
    expect(compileJsonPath(path).evaluate(gateway)).toEqual(expected);
  });

  it('refuses what the apiserver would not compile', () => {
    expect(() => compileJsonPath('.status[?(@.a')).toThrow();
    expect(() => compileJsonPath('.items[x]')).toThrow(/invalid array index/);
  });

  it('prints objects and lists as JSON, as client-go does', () => {
    expect(formatJsonPathValue(['a', 'b'])).toBe('["a","b"]');
    expect(formatJsonPathValue({ b: 1, a: '<x>' })).toBe(
      '{"a":"\\u003cx\\u003e","b":1}',
    );
    expect(formatJsonPathValue(3)).toBe('3');
  });
});

describe("a CRD's additionalPrinterColumns", () => {
  const printer = customResourcePrinter([
    { name: 'Hosts', type: 'string', jsonPath: '.spec.hostnames' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
    { name: 'Ready', type: 'boolean', jsonPath: '.status.ready' },
    { name: 'Since', type: 'date', jsonPath: '.status.since', priority: 1 },
    { name: 'Broken', type: 'integer', jsonPath: '.spec.hostnames' },
  ]);

  it('starts with Name, keeps priorities and describes a column by its path when it has no description', () => {
    expect(
      printer.columns.map(column => [
        column.name,
        column.type,
        column.priority,
      ]),
    ).toEqual([
      ['Name', 'string', 0],
      ['Hosts', 'string', 0],
      ['Replicas', 'integer', 0],
      ['Ratio', 'number', 0],
      ['Ready', 'boolean', 0],
      ['Since', 'date', 1],
      ['Broken', 'integer', 0],
    ]);
    expect(printer.columns[1].description).toBe(
      'Custom resource definition column (in JSONPath format): .spec.hostnames',
    );
  });

  it('formats cells by type: a date as an age, a value of the wrong type as nothing', () => {
    const widget = object({
      spec: { hostnames: ['a.example'], replicas: 3.7, ratio: 0.5 },
      status: { ready: true, since: ago(600) },
    });
    expect(printer.cells(widget, NOW)).toEqual([
      'w',
      '["a.example"]',
      3,
      0.5,
      true,
      '10m',
      null,
    ]);
    expect(
      printer.cells(object({ status: { since: 'yesterday' } }), NOW),
    ).toEqual(['w', null, null, null, null, '<invalid>', null]);
  });

  it('prints Age alone for a version without columns', () => {
    const plain = customResourcePrinter(undefined);
    expect(plain.columns.map(column => column.name)).toEqual(['Name', 'Age']);
    expect(plain.cells(object({}, 7200), NOW)).toEqual(['w', '120m']);
  });
});

describe('built-in printers', () => {
  const pods = builtinPrinter('', 'pods')!;
  const pod = (
    status: Record<string, unknown>,
    metadata: Record<string, unknown> = {},
  ): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: ago(90), ...metadata },
    spec: {
      containers: [{ name: 'app' }, { name: 'sidecar' }],
      nodeName: 'node-1',
    },
    status,
  });

  it("works a pod's READY, STATUS and RESTARTS out of its container statuses", () => {
    const running = {
      state: { running: { startedAt: ago(80) } },
      ready: true,
      restartCount: 0,
    };
    const crashing = {
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, finishedAt: ago(20) } },
      ready: false,
      restartCount: 4,
    };
    expect(
      pods.cells(
        pod({
          phase: 'Running',
          podIPs: [{ ip: '10.1.1.10' }],
          containerStatuses: [running, running],
        }),
        NOW,
      ),
    ).toEqual([
      'p',
      '2/2',
      'Running',
      '0',
      '90s',
      '10.1.1.10',
      'node-1',
      '<none>',
      '<none>',
    ]);
    expect(
      pods
        .cells(
          pod({ phase: 'Running', containerStatuses: [running, crashing] }),
          NOW,
        )
        .slice(1, 4),
    ).toEqual(['1/2', 'CrashLoopBackOff', '4 (20s ago)']);
    expect(
      pods.cells(
        pod(
          { phase: 'Running', containerStatuses: [running, running] },
          { deletionTimestamp: ago(0) },
        ),
        NOW,
      )[2],
    ).toBe('Terminating');
    expect(pods.cells(pod({ phase: 'Pending' }), NOW).slice(1, 3)).toEqual([
      '0/2',
      'Pending',
    ]);
  });

  it('names an event by its object, and its source by component and node', () => {
    const events = builtinPrinter('', 'events')!;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'p.1', creationTimestamp: ago(60) },
      involvedObject: {
        kind: 'Pod',
        name: 'p',
        fieldPath: 'spec.containers{app}',
      },
      reason: 'Unhealthy',
      message: 'Readiness probe failed: 503 ',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(60),
      lastTimestamp: ago(5),
      count: 7,
    };
    expect(events.cells(event, NOW)).toEqual([
      '5s',
      'Warning',
      'Unhealthy',
      'pod/p',
      'spec.containers{app}',
      'kubelet, node-1',
      'Readiness probe failed: 503',
      '60s',
      7,
      'p.1',
    ]);
  });

  it('prints a LoadBalancer Service waiting for its address, and NodePorts beside the ports', () => {
    const services = builtinPrinter('', 'services')!;
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', creationTimestamp: ago(10) },
      spec: {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.0.9'],
        ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
      },
      status: { loadBalancer: {} },
    };
    expect(services.cells(service, NOW).slice(0, 5)).toEqual([
      'lb',
      'LoadBalancer',
      '10.96.0.9',
      '<pending>',
      '80:30080/TCP',
    ]);
  });
});
