import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { scaffolderModuleServiceNetwork } from './module';

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
    expect(response.body.map((action: { id: string }) => action.id)).toContain(
      'fetch:template',
    );
    expect(info).toHaveBeenCalledWith(
      'plugin=scaffolder Registered Service Network scaffolder actions',
      { actions: [] },
    );
  });
});
