/*
 * A backend whose serviceNetwork config is missing or wrong: it starts, logs
 * what is wrong and which key, says "not configured" on /health and answers
 * 503 naming the problem wherever clusters are needed.
 */
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { serviceNetworkPlugin } from './plugin';

/** A root logger that keeps every line, so the test reads what an adopter would. */
function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const logger = (): LoggerService => ({
    error: message => void lines.push({ level: 'error', message }),
    warn: message => void lines.push({ level: 'warn', message }),
    info: message => void lines.push({ level: 'info', message }),
    debug: () => undefined,
    child: () => logger(),
  });
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: logger,
    }),
  };
}

async function startWith(config: JsonObject) {
  const log = recordingLogger();
  const { server } = await startTestBackend({
    features: [
      serviceNetworkPlugin,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({ data: config }),
      log.factory,
    ],
  });
  return { server, log: log.lines };
}

const lattice = { region: 'us-west-2' };

describe('Service Network with a missing or wrong serviceNetwork config', () => {
  it.each([
    [
      'no serviceNetwork section',
      {},
      'serviceNetwork is missing from app-config: add the section with the clusters and the VPC Lattice account (see the README)',
    ],
    [
      'a wrong role',
      {
        serviceNetwork: {
          clusters: [
            { name: 'w', role: 'worker', url: 'https://w.example.com' },
          ],
          lattice,
        },
      },
      'serviceNetwork.clusters[0].role must be "config" or "workload", got "worker"',
    ],
    [
      'an auth provider Service Network does not have',
      {
        serviceNetwork: {
          clusters: [
            {
              name: 'w',
              role: 'workload',
              url: 'https://w.example.com',
              authProvider: 'oidc',
            },
          ],
          lattice,
        },
      },
      'serviceNetwork.clusters[0].authProvider must be "serviceAccount" or "aws" (clusters with other auth providers come from the Kubernetes plugin: give only name and role), got "oidc"',
    ],
    [
      'a cluster named but found nowhere',
      {
        serviceNetwork: {
          clusters: [{ name: 'workload-9', role: 'workload' }],
          lattice,
        },
      },
      `serviceNetwork.clusters[0] "workload-9" has no url, and the Kubernetes plugin's clusters are not handed to Service Network`,
    ],
    [
      'no cluster at all',
      { serviceNetwork: { lattice } },
      'Service Network has no clusters: list them under serviceNetwork.clusters (or install a module that supplies them)',
    ],
  ])(
    'with %s: starts, logs the problem with its key, and answers 503 naming it',
    async (_, config, problem) => {
      const { server, log } = await startWith(config);

      expect(log).toContainEqual({
        level: 'error',
        message: expect.stringContaining(`Service Network config: ${problem}`),
      });

      const health = await request(server)
        .get('/api/service-network/health')
        .set('Authorization', mockCredentials.none.header());
      expect(health.status).toBe(200);
      expect(health.body).toEqual({
        status: 'not-configured',
        message: expect.stringMatching(
          /^Service Network is not configured \(1 problem\)/,
        ),
      });
      // Config values stay out of the unauthenticated answer.
      expect(JSON.stringify(health.body)).not.toContain('serviceNetwork.');

      const calls = [
        request(server).get(
          '/api/service-network/entities/default/component/service-1/status',
        ),
        request(server).get('/api/service-network/fleet'),
        request(server).get('/api/service-network/route-requests'),
        request(server)
          .post(
            '/api/service-network/entities/default/component/service-1/export',
          )
          .send({}),
        request(server)
          .post('/api/service-network/route-requests/preview')
          .send({}),
      ];
      for (const response of await Promise.all(calls)) {
        expect(response.status).toBe(503);
        expect(response.body.error).toEqual({
          name: 'ServiceUnavailableError',
          message: expect.stringContaining(
            `Service Network is not configured: ${problem}`,
          ),
          problems: [expect.stringContaining(problem)],
        });
      }
    },
  );

  it('lists every problem, in the log and in the answer, not only the first', async () => {
    const { server, log } = await startWith({
      serviceNetwork: {
        clusters: [
          { name: 'w', role: 'worker', url: 'https://w.example.com' },
          { name: 'c', role: 'config', url: 'ssh://c' },
        ],
        lattice: {},
      },
    });
    const problems = [
      'serviceNetwork.lattice.region is missing',
      'serviceNetwork.clusters[0].role must be "config" or "workload", got "worker"',
      'serviceNetwork.clusters[1].url must be an http(s) URL, got "ssh://c"',
    ];
    const errors = log
      .filter(line => line.level === 'error')
      .map(line => line.message);
    expect(errors).toEqual([
      ...problems.map(problem => `Service Network config: ${problem}`),
      'Service Network is not configured: 3 problems, each logged above. Every endpoint that needs clusters answers 503 until the config is fixed and the backend restarts',
    ]);
    const response = await request(server).get('/api/service-network/fleet');
    expect(response.body.error.problems).toEqual(problems);
  });
});
