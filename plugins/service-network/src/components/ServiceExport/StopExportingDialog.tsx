import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityServiceNetworkStatus,
  ExportResponse,
  ProviderId,
  UnexportRequest,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { serviceNetworkApiRef } from '../../api';
import {
  DialogForm,
  ServiceNetworkDialog,
} from '../common/ServiceNetworkDialog';
import { ClusterCheckboxes, useClusterChoice } from './ClusterCheckboxes';
import {
  exportingClusters,
  routesLosingBackends,
  unexportProvider,
} from './exportChoices';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What stopping writes, for providers whose export is our field of the Service; undefined for a ServiceExport. */
function stopWords(
  provider: ProviderId | undefined,
  service: string,
): string | undefined {
  switch (provider) {
    case 'cilium-clustermesh':
      return `Removes the service.cilium.io/global annotation Service Network set on the Service ${service} in each chosen cluster (one anybody else set stays); Cilium then stops sharing its endpoints there.`;
    case 'linkerd':
      return `Removes the mirror.linkerd.io/exported label Service Network set on the Service ${service} in each chosen cluster (one anybody else set stays); Linkerd's service mirror then deletes its mirrors in the linked clusters.`;
    default:
      return undefined;
  }
}

function Consequences(props: {
  status: EntityServiceNetworkStatus;
  chosen: string[];
}) {
  const losing = routesLosingBackends(props.status, props.chosen);
  if (losing.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No route sends traffic to the Service in the chosen clusters.
      </Typography>
    );
  }
  return (
    <Alert severity="warning">
      These routes lose their backend in the chosen clusters; a route left
      without any backend stops answering:
      <ul>
        {losing.map(entry => (
          <li key={`${entry.route}|${entry.serviceImport}`}>
            {entry.route} reaches {entry.cluster} through ServiceImport{' '}
            {entry.serviceImport}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function StopExportingForm(props: {
  status: EntityServiceNetworkStatus;
  onClose: () => void;
  onUnexported: (request: UnexportRequest, response: ExportResponse) => void;
}) {
  const { entity } = useEntity();
  const api = useApi(serviceNetworkApiRef);
  const choice = useClusterChoice(exportingClusters(props.status));
  const { chosen } = choice;
  const { namespace, name } = props.status.service;

  const send = async () => {
    const provider = unexportProvider(props.status, chosen);
    const request: UnexportRequest = {
      clusters: chosen,
      ...(provider ? { provider } : {}),
    };
    const response = await api.unexportService(
      getCompoundEntityRef(entity),
      request,
    );
    props.onUnexported(request, response);
  };

  return (
    <DialogForm
      onClose={props.onClose}
      submitLabel={`Stop exporting from ${plural(chosen.length, 'cluster')}`}
      submitColor="secondary"
      send={chosen.length > 0 ? send : undefined}
    >
      <Typography variant="body2" paragraph>
        {stopWords(
          unexportProvider(props.status, chosen),
          `${namespace}/${name}`,
        ) ??
          `Deletes the ServiceExport ${namespace}/${name} in each chosen cluster. The controller then removes what it made for it, and traffic from other clusters stops reaching the Service there.`}
      </Typography>
      <ClusterCheckboxes label="Stop exporting in" choice={choice} />
      <Box mt={1}>
        <Consequences status={props.status} chosen={chosen} />
      </Box>
    </DialogForm>
  );
}

/** Asks which clusters to stop exporting from, says what breaks, and deletes the exports. */
export function StopExportingDialog(props: {
  open: boolean;
  status: EntityServiceNetworkStatus;
  onClose: () => void;
  onUnexported: (request: UnexportRequest, response: ExportResponse) => void;
}) {
  return (
    <ServiceNetworkDialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="sm"
      titleId="service-network-unexport-title"
      title={`Stop exporting ${props.status.service.name}?`}
    >
      <StopExportingForm
        status={props.status}
        onClose={props.onClose}
        onUnexported={props.onUnexported}
      />
    </ServiceNetworkDialog>
  );
}
