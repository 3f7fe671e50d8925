import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  EntityServiceNetworkStatus,
  NAMESPACE_NOT_WRITABLE_FINDING,
  RouteRequest,
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestCreatePermission,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { serviceNetworkApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { RequestRouteDialog } from '../RouteRequest/RequestRouteDialog';
import { backendClusters } from '../RouteRequest/routeRequestForm';
import {
  exportableClusters,
  exportingClusters,
  readOnlyReasons,
} from '../ServiceExport/exportChoices';
import { ExportServiceDialog } from '../ServiceExport/ExportServiceDialog';
import { StopExportingDialog } from '../ServiceExport/StopExportingDialog';
import { FollowedWriteState } from '../ServiceExport/useFollowedWrite';
import { WriteProgressPanel } from '../ServiceExport/WriteProgressPanel';
import { FollowedWrite, mergeRetry } from '../ServiceExport/writeProgress';

type OpenDialog = 'export' | 'unexport' | 'route';

/** Writes the clusters that failed again, with the same choices. */
function useRetry(follower: FollowedWriteState) {
  const { entity } = useEntity();
  const api = useApi(serviceNetworkApiRef);
  const alertApi = useApi(alertApiRef);
  const [retrying, setRetrying] = useState(false);
  const retry = async (write: FollowedWrite, clusters: string[]) => {
    setRetrying(true);
    const entityRef = getCompoundEntityRef(entity);
    try {
      const response =
        write.kind === 'export'
          ? await api.exportService(entityRef, { ...write.request, clusters })
          : await api.unexportService(entityRef, {
              ...write.request,
              clusters,
            });
      follower.follow(mergeRetry(write, response));
    } catch (error) {
      alertApi.post({
        message: `Retry failed: ${errorMessage(error)}`,
        severity: 'error',
      });
    } finally {
      setRetrying(false);
    }
  };
  return { retry, retrying };
}

/**
 * "Export service", "Stop exporting" and "Request route", each shown only
 * to those allowed, with their dialogs, and the progress of an export the
 * user just made.
 */
export function ServiceActions(props: {
  status: EntityServiceNetworkStatus;
  follower: FollowedWriteState;
  onRouteRequested?: (request: RouteRequest) => void;
}) {
  const { status, follower } = props;
  const { entity } = useEntity();
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState<OpenDialog>();
  const { retry, retrying } = useRetry(follower);
  const exportAccess = usePermission({
    permission: serviceNetworkExportPermission,
    resourceRef: stringifyEntityRef(entity),
  });
  const requestAccess = usePermission({
    permission: serviceNetworkRouteRequestCreatePermission,
  });
  const close = () => setOpen(undefined);
  // The backend refuses every write in a namespace it does not write to for this entity; its finding says why.
  const writable = !status.findings.some(
    finding => finding.id === NAMESPACE_NOT_WRITABLE_FINDING,
  );
  const canExport =
    writable && exportAccess.allowed && exportableClusters(status).length > 0;
  const canUnexport =
    writable && exportAccess.allowed && exportingClusters(status).length > 0;
  const canRequest = writable && requestAccess.allowed;
  const routable = backendClusters(status).length > 0;
  const { write, progress } = follower;

  return (
    <>
      {(canExport || canUnexport || canRequest) && (
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          {canExport && (
            <Button
              variant="contained"
              color="primary"
              onClick={() => setOpen('export')}
            >
              Export service
            </Button>
          )}
          {canUnexport && (
            <Button variant="outlined" onClick={() => setOpen('unexport')}>
              Stop exporting
            </Button>
          )}
          {canRequest && (
            <Tooltip
              title={
                routable
                  ? 'Ask the platform team for an HTTP or gRPC route to this Service'
                  : 'Export the Service first: a route needs a cluster that exports it'
              }
            >
              <span>
                <Button
                  variant="outlined"
                  color="primary"
                  disabled={!routable}
                  onClick={() => setOpen('route')}
                >
                  Request route
                </Button>
              </span>
            </Tooltip>
          )}
        </Box>
      )}
      {readOnlyReasons(status).map(({ title, reason }) => (
        <Typography
          key={title}
          variant="body2"
          color="textSecondary"
          data-testid="service-network-read-only"
        >
          No export for {title}: {reason}
        </Typography>
      ))}
      {write && progress && (
        <Box mt={2}>
          <WriteProgressPanel
            progress={progress}
            startedAt={write.startedAt}
            warnings={write.response.warnings}
            retrying={retrying}
            onRetry={() => retry(write, progress.failedWrites)}
            onDismiss={follower.dismiss}
          />
        </Box>
      )}
      <ExportServiceDialog
        open={open === 'export'}
        status={status}
        onClose={close}
        onExported={(request, response) => {
          close();
          follower.follow({
            kind: 'export',
            request,
            response,
            startedAt: new Date(),
          });
        }}
      />
      <StopExportingDialog
        open={open === 'unexport'}
        status={status}
        onClose={close}
        onUnexported={(request, response) => {
          close();
          follower.follow({
            kind: 'unexport',
            request,
            response,
            startedAt: new Date(),
          });
        }}
      />
      <RequestRouteDialog
        open={open === 'route'}
        status={status}
        onClose={close}
        onCreated={request => {
          close();
          alertApi.post({
            message: `Requested ${request.route.kind} ${request.route.namespace}/${request.route.name}: it is pending until the platform team decides.`,
            severity: 'success',
            display: 'transient',
          });
          props.onRouteRequested?.(request);
        }}
      />
    </>
  );
}
