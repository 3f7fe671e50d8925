/*
 * Service Network's actions in Backstage's actions registry, which
 * @backstage/plugin-mcp-actions-backend serves to MCP clients (AI
 * assistants) as tools named service-network.<action>. Each action runs as
 * the calling user and calls the service the REST API calls.
 */
import type { ActionsContext } from './context';
import { registerExportActions } from './exportActions';
import { registerRouteRequestActions } from './routeRequestActions';
import { registerStatusActions } from './statusActions';

export type { ActionsContext } from './context';

export function registerServiceNetworkActions(
  context: ActionsContext,
  options: { routeRequestDecisions: boolean },
) {
  registerStatusActions(context);
  registerExportActions(context);
  registerRouteRequestActions(context, {
    decisions: options.routeRequestDecisions,
  });
}
