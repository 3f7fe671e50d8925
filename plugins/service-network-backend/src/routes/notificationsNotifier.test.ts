import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { RouteRequest } from '@service-network/backstage-plugin-service-network-common';
import { notificationsNotifier } from './notificationsNotifier';

const request = {
  id: 'r-1',
  entityRef: 'component:default/service-1',
  route: { kind: 'HTTPRoute', namespace: 'default', name: 'storefront' },
  spec: { reason: 'The storefront calls it' },
  requestedBy: 'user:default/developer',
  planVersion: 2,
  expiresAt: '2026-11-24T10:00:00.000Z',
  lastError: 'the API server failed (503)',
  retryable: true,
} as RouteRequest;

describe('notificationsNotifier', () => {
  const sent: NotificationSendOptions[] = [];
  const notifier = notificationsNotifier({
    notifications: { send: async notification => void sent.push(notification) },
  });
  const link = {
    path: '/network/requests#request-r-1',
    url: 'https://portal.example.com/network/requests#request-r-1',
  };

  beforeEach(() => {
    sent.length = 0;
  });

  it('tells the approvers, but not a requester among them, that a re-planned request waits again', async () => {
    await notifier.notifyApprovers({
      request,
      approvers: ['group:default/platform-team', 'user:default/oncall'],
      link,
    });

    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/platform-team', 'user:default/oncall'],
          excludeEntityRef: 'user:default/developer',
        },
        payload: {
          title: 'Route request (re-planned): HTTPRoute default/storefront for component:default/service-1',
          description: 'user:default/developer asks: The storefront calls it',
          // A path in the app: the notifications page resolves it, the email module makes it absolute.
          link: '/network/requests#request-r-1',
          topic: 'Service Network route requests',
          scope: 'route-request:r-1:approvers',
          severity: 'normal',
        },
      },
    ]);
  });

  it('tells the requester of a failed apply with its error, and of an expiry', async () => {
    await notifier.notifyRequester({ request, what: 'failed', link });
    await notifier.notifyRequester({ request, what: 'expired' });

    expect(sent.map(n => [n.recipients, n.payload.title, n.payload.description, n.payload.severity, n.payload.link])).toEqual([
      [
        { type: 'entity', entityRef: 'user:default/developer' },
        'Applying your HTTPRoute default/storefront failed',
        'the API server failed (503) (it is retried automatically)',
        'high',
        '/network/requests#request-r-1',
      ],
      [
        { type: 'entity', entityRef: 'user:default/developer' },
        'Your route request for HTTPRoute default/storefront expired',
        'Nobody decided on it before 2026-11-24T10:00:00.000Z; ask again if you still need the route.',
        'low',
        // The app has no requests page: no link.
        undefined,
      ],
    ]);
  });
});
