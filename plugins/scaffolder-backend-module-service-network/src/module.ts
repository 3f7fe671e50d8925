import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';

/**
 * Adds the Service Network actions to the scaffolder. They call the Service
 * Network backend on the task initiator's behalf, hence discovery and auth.
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
      },
      async init({ scaffolderActions, logger }) {
        const actions: TemplateAction<any, any, any>[] = [];
        scaffolderActions.addActions(...actions);
        logger.info('Registered Service Network scaffolder actions', {
          actions: actions.map(action => action.id),
        });
      },
    });
  },
});
