import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ServiceNetworkAppLinks } from '@service-network/backstage-plugin-service-network-node';
import { createServiceNetworkExportAction } from './actions/export';
import { createServiceNetworkRouteRequestAction } from './actions/requestRoute';

/**
 * Adds the Service Network actions to the scaffolder. They call the Service
 * Network backend on the task initiator's behalf, hence discovery and auth;
 * the app-config says where the app shows route requests.
 *
 * @public
 */
export const scaffolderModuleServiceNetwork = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'service-network',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
      },
      async init({ scaffolderActions, logger, discovery, auth, config }) {
        const actions = [
          createServiceNetworkExportAction({ discovery, auth }),
          createServiceNetworkRouteRequestAction({
            discovery,
            auth,
            links: ServiceNetworkAppLinks.fromConfig(config),
          }),
        ];
        scaffolderActions.addActions(...actions);
        logger.info('Registered Service Network scaffolder actions', {
          actions: actions.map(action => action.id),
        });
      },
    });
  },
});
