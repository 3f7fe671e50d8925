import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityServiceNetworkStatus,
  ExportRequest,
  ExportResponse,
  ROUTE_TYPES,
  RouteType,
  ProviderId,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { serviceNetworkApiRef } from '../../api';
import { CheckedRow } from '../common/CheckedRow';
import { ObjectYaml } from '../common/CodeBlock';
import { ObjectsToApply } from '../common/ObjectsToApply';
import {
  DialogForm,
  ServiceNetworkDialog,
} from '../common/ServiceNetworkDialog';
import { ClusterCheckboxes, useClusterChoice } from './ClusterCheckboxes';
import {
  clustersRunning,
  exportableClusters,
  exportRequestOf,
  initialPortChoices,
  PortChoice,
  ProviderOption,
  providerOptions,
} from './exportChoices';

const ROUTE_TYPE_LABELS: Record<RouteType, string> = {
  HTTP: 'HTTP',
  GRPC: 'gRPC',
  TLS: 'TLS passthrough',
};


/** What the export writes and what follows, in the chosen provider's terms. */
function exportWords(provider: ProviderId | undefined, service: string): string {
  switch (provider) {
    case 'cilium-clustermesh':
      return `Sets only the annotation service.cilium.io/global: "true" on the Service ${service} in each chosen cluster (server-side apply; nothing else of the Service changes). Cilium then shares its endpoints with every cluster of the mesh where the Service is global.`;
    case 'linkerd':
      return `Sets only the label mirror.linkerd.io/exported: "true" on the Service ${service} in each chosen cluster (server-side apply; nothing else of the Service changes). Linkerd's service mirror then creates ${service.split('/').pop()}-<cluster> in every cluster linked to it, reached through the cluster's multicluster gateway.`;
    case 'mcs':
    case 'gke-mcs':
      return `Writes a ServiceExport of ${service} in each chosen cluster. The ${
        provider === 'gke-mcs' ? 'GKE MCS controller' : 'MCS implementation'
      } then exports every port of the Service and derives a ServiceImport in every cluster of the clusterset.`;
    default:
      return `Writes a ServiceExport of ${service} in each chosen cluster. The AWS Gateway API Controller then creates one VPC Lattice target group per port; routes reach them through ServiceImports.`;
  }
}

function PortChoices(props: {
  ports: PortChoice[];
  onChange: (ports: PortChoice[]) => void;
}) {
  const update = (port: number, change: Partial<PortChoice>) =>
    props.onChange(
      props.ports.map(choice =>
        choice.port === port ? { ...choice, ...change } : choice,
      ),
    );
  return (
    <FormControl component="fieldset" margin="dense" fullWidth>
      <FormLabel component="legend">Ports and route types</FormLabel>
      {props.ports.map(choice => {
        const name = `${choice.port}${choice.name ? ` (${choice.name})` : ''}`;
        return (
          <CheckedRow
            key={choice.port}
            label={`Port ${name}`}
            labelWidth={180}
            checked={choice.included}
            onCheck={included => update(choice.port, { included })}
          >
            <TextField
              select
              id={`service-network-route-type-${choice.port}`}
              size="small"
              label={`Route type of port ${choice.port}`}
              value={choice.routeType}
              disabled={!choice.included}
              onChange={event =>
                update(choice.port, {
                  routeType: event.target.value as RouteType,
                })
              }
              style={{ minWidth: 220 }}
            >
              {ROUTE_TYPES.map(type => (
                <MenuItem key={type} value={type}>
                  {ROUTE_TYPE_LABELS[type]}
                </MenuItem>
              ))}
            </TextField>
          </CheckedRow>
        );
      })}
    </FormControl>
  );
}

/** Exactly what the export would write, per cluster: the backend's dry run. */
function ExportPreview(props: { request?: ExportRequest }) {
  const { request } = props;
  const { entity } = useEntity();
  const api = useApi(serviceNetworkApiRef);
  const key = JSON.stringify(request);
  const preview = useAsync(
    async () =>
      request &&
      api.exportService(getCompoundEntityRef(entity), {
        ...request,
        dryRun: true,
      }),
    [api, key],
  );
  return (
    <ObjectsToApply
      incomplete={
        request ? undefined : 'Choose at least one cluster and one port.'
      }
      loading={preview.loading}
      error={preview.error}
    >
      {preview.value?.warnings.map(warning => (
        <Box mb={1} key={warning}>
          <Alert severity="warning">{warning}</Alert>
        </Box>
      ))}
      {preview.value?.results.map(result => (
        <Box key={result.cluster} mb={1}>
          <Typography variant="subtitle2">In {result.cluster}</Typography>
          {result.object ? (
            <ObjectYaml object={result.object} />
          ) : (
            <Alert severity="error">{result.error}</Alert>
          )}
        </Box>
      ))}
    </ObjectsToApply>
  );
}

function ExportForm(props: {
  status: EntityServiceNetworkStatus;
  onClose: () => void;
  onExported: (request: ExportRequest, response: ExportResponse) => void;
}) {
  const { entity } = useEntity();
  const api = useApi(serviceNetworkApiRef);
  const exportable = exportableClusters(props.status);
  const providers = providerOptions(exportable);
  const [providerId, setProviderId] = useState(providers[0]?.id);
  // Sent only where there is a choice, so single-provider fleets keep each cluster's own.
  const provider =
    providers.length > 1
      ? providers.find(option => option.id === providerId)
      : undefined;
  const clusters = clustersRunning(exportable, provider?.id);
  const choice = useClusterChoice(clusters);
  const [ports, setPorts] = useState(() => initialPortChoices(clusters));
  const request = exportRequestOf(
    choice.chosen.filter(name => clusters.some(c => c.cluster === name)),
    ports,
    provider,
  );

  const send = async (confirmed: ExportRequest) => {
    const response = await api.exportService(
      getCompoundEntityRef(entity),
      confirmed,
    );
    props.onExported(confirmed, response);
  };

  return (
    <DialogForm
      onClose={props.onClose}
      submitLabel="Export"
      send={request && (() => send(request))}
    >
      <Typography variant="body2" color="textSecondary" paragraph>
        {exportWords(
          provider?.id,
          `${props.status.service.namespace}/${props.status.service.name}`,
        )}
      </Typography>
      {clusters.length === 0 ? (
        <Alert severity="info">
          No workload cluster runs the Service, so there is nothing to export.
        </Alert>
      ) : (
        <>
          {providers.length > 1 && (
            <TextField
              select
              id="service-network-export-provider"
              size="small"
              margin="dense"
              label="Export with"
              value={providerId}
              onChange={event =>
                setProviderId(event.target.value as ProviderOption['id'])
              }
              style={{ minWidth: 320 }}
            >
              {providers.map(option => (
                <MenuItem key={option.id} value={option.id}>
                  {option.title}
                </MenuItem>
              ))}
            </TextField>
          )}
          <ClusterCheckboxes
            label="Clusters"
            choice={{ ...choice, clusters }}
          />
          {(provider?.choosesPorts ?? true) && (
            <PortChoices ports={ports} onChange={setPorts} />
          )}
          <ExportPreview request={request} />
        </>
      )}
    </DialogForm>
  );
}

/**
 * Choose clusters, ports and route types, see the exact ServiceExports, and
 * write them. `onExported` gets the answer, also when some cluster failed.
 */
export function ExportServiceDialog(props: {
  open: boolean;
  status: EntityServiceNetworkStatus;
  onClose: () => void;
  onExported: (request: ExportRequest, response: ExportResponse) => void;
}) {
  return (
    <ServiceNetworkDialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="md"
      titleId="service-network-export-title"
      title="Export service"
    >
      <ExportForm
        status={props.status}
        onClose={props.onClose}
        onExported={props.onExported}
      />
    </ServiceNetworkDialog>
  );
}
