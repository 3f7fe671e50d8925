import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { RouteRequest } from '@service-network/backstage-plugin-service-network-common';
import { useState } from 'react';
import { serviceNetworkApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';

/** Cancel (one's own) and retry take effect at once; the list shows the outcome, an alert any failure. */
export function useRequestActions(onChanged: () => void) {
  const api = useApi(serviceNetworkApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const run =
    (what: string, action: () => Promise<RouteRequest>) => async () => {
      setBusy(true);
      try {
        const result = await action();
        if (result.state === 'failed' && result.lastError) {
          alertApi.post({
            message: `The apply failed again: ${result.lastError}`,
            severity: 'error',
          });
        }
      } catch (error) {
        alertApi.post({
          message: `Could not ${what}: ${errorMessage(error)}`,
          severity: 'error',
        });
      } finally {
        setBusy(false);
        onChanged();
      }
    };
  return {
    busy,
    cancel: (request: RouteRequest) =>
      run('cancel the request', () => api.cancelRouteRequest(request.id)),
    retry: (request: RouteRequest) =>
      run('retry the request', () => api.retryRouteRequest(request.id)),
  };
}
