import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { scaffolderModuleServiceNetwork } from './module';

// Starting the whole scaffolder backend takes over 5 s when the full suite loads a 2-core machine.
jest.setTimeout(60_000);

describe('scaffolderModuleServiceNetwork', () => {
  it('starts inside the scaffolder and reports the actions it registered', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    const { server } = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        scaffolderModuleServiceNetwork,
        catalogServiceMock.factory(),
        mockServices.rootLogger.factory({ level: 'info' }),
      ],
    });

    const response = await request(server).get('/api/scaffolder/v2/actions');

    expect(response.status).toBe(200);
    const exportAction = response.body.find(
      (action: { id: string }) => action.id === 'service-network:export',
    );
    expect(exportAction.schema.input.required).toEqual(['entityRef']);
    expect(Object.keys(exportAction.schema.output.properties)).toEqual([
      'entityRef',
      'clusters',
      'objects',
      'results',
    ]);
    const routeAction = response.body.find(
      (action: { id: string }) => action.id === 'service-network:route:request',
    );
    expect(routeAction.schema.input.required).toEqual([
      'entityRef',
      'gateway',
      'listener',
      'backends',
      'reason',
    ]);
    expect(Object.keys(routeAction.schema.output.properties)).toEqual([
      'entityRef',
      'id',
      'state',
      'link',
    ]);
    expect(info).toHaveBeenCalledWith(
      'plugin=scaffolder Registered Service Network scaffolder actions',
      { actions: ['service-network:export', 'service-network:route:request'] },
    );
  });
});
