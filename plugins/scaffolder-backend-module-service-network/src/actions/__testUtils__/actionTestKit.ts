/*
 * What the action tests share: the Service Network backend played on
 * loopback, the action's services pointed at it, and task contexts whose
 * checkpoints behave as the scaffolder's do for a recovered task.
 */
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonValue } from '@backstage/types';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ServiceNetworkBackendDeps } from '../serviceNetworkBackend';

export interface ReceivedRequest {
  method?: string;
  path?: string;
  authorization?: string;
  body: any;
}

/** Records every request and answers what the test last said. */
async function startBackendStandIn() {
  const received: ReceivedRequest[] = [];
  let answer = { status: 500, body: {} as unknown };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    received.push({
      method: req.method,
      path: req.url,
      authorization: req.headers.authorization,
      body,
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    received,
    answerWith(status: number, body: unknown) {
      answer = { status, body };
    },
    /** Discovery and auth as an action gets them, with discovery pointing here. */
    deps(): ServiceNetworkBackendDeps {
      return {
        discovery: mockServices.discovery.mock({
          getBaseUrl: async pluginId => `${url}/api/${pluginId}`,
        }),
        auth: mockServices.auth(),
      };
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

export type BackendStandIn = Awaited<ReturnType<typeof startBackendStandIn>>;

/** A fresh stand-in for each test of the calling file, behind one stable object. */
export function backendStandInForEachTest(): BackendStandIn {
  const standIn = {} as BackendStandIn;
  beforeEach(async () => {
    Object.assign(standIn, await startBackendStandIn());
  });
  afterEach(() => standIn.close());
  return standIn;
}

/** The user who runs the template in every test. */
export const alice = mockCredentials.user('user:default/alice');

/** The Authorization header the backend sees from an action run by alice. */
export const aliceOnBehalfHeader = mockCredentials.service.header({
  onBehalfOf: alice,
  targetPluginId: 'service-network',
});

/** Checkpoints as the scaffolder keeps them for a recovered task: a success is stored as JSON and reused, a failure is not. */
export function recoverableCheckpoints() {
  const saved = new Map<string, JsonValue>();
  const checkpoint = jest.fn(
    async (opts: { key: string; fn: () => Promise<JsonValue> }) => {
      if (saved.has(opts.key)) return saved.get(opts.key);
      const value = await opts.fn();
      saved.set(opts.key, JSON.parse(JSON.stringify(value)));
      return value;
    },
  );
  return {
    saved,
    checkpoint: checkpoint as ActionContext<any, any>['checkpoint'],
  };
}

const workspace = createMockDirectory();

/** A task context run by alice; createMockActionContext takes only some fields, the rest are laid over it. */
export function actionContext(
  input: Record<string, unknown>,
  overrides: Partial<ActionContext<any, any>> = {},
): ActionContext<any, any> {
  return {
    ...createMockActionContext<any, any>({
      input,
      logger: mockServices.logger.mock(),
      workspacePath: workspace.path,
    }),
    getInitiatorCredentials: async () => alice,
    ...overrides,
  };
}

/** Every output the action set, by name. */
export function outputsOf(
  ctx: ActionContext<any, any>,
): Record<string, unknown> {
  return Object.fromEntries(jest.mocked(ctx.output).mock.calls);
}
