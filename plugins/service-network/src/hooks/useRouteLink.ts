import { RouteRef, useRouteRef } from '@backstage/core-plugin-api';

/**
 * The path of one of the plugin's own pages, from the app's routes (either
 * frontend system); undefined when the app does not have that page (a legacy
 * app that mounts the tab but not the requests page, or a disabled sub-page),
 * so the link is left out rather than the component failing.
 */
export function useRouteLink(routeRef: RouteRef): string | undefined {
  try {
    // useRouteRef runs all its hooks before it throws "No path for ...".
    return useRouteRef(routeRef)();
  } catch {
    return undefined;
  }
}
