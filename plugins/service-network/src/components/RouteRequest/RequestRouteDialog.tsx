import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityServiceNetworkStatus,
  FleetListenerOverview,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestKind,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { serviceNetworkApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { listenerLabel } from '../common/listeners';
import { ObjectsToApply } from '../common/ObjectsToApply';
import {
  DialogForm,
  ServiceNetworkDialog,
} from '../common/ServiceNetworkDialog';
import { BackendWeights } from './BackendWeights';
import { MatchFields } from './MatchFields';
import { PlanView } from './PlanView';
import {
  backendClusters,
  checkForm,
  GatewayChoice,
  gatewayChoices,
  initialForm,
  listenerChoices,
  previewRequestOf,
  RouteRequestForm,
  withGateway,
  withKind,
} from './routeRequestForm';
import { FieldRow } from './TextFields';

/** Typing pauses this long before the preview asks the backend. */
const PREVIEW_DELAY_MS = 400;

/** The plan the backend would make for the form as it stands. */
function RoutePreview(props: { request?: RouteRequestCreate }) {
  const api = useApi(serviceNetworkApiRef);
  const key = JSON.stringify(props.request ?? null);
  const [settledKey, setSettledKey] = useState(key);
  useDebounce(() => setSettledKey(key), PREVIEW_DELAY_MS, [key]);
  const preview = useAsync(async () => {
    const request = JSON.parse(settledKey) as RouteRequestCreate | null;
    return request ? api.previewRouteRequest(request) : undefined;
  }, [api, settledKey]);
  return (
    <ObjectsToApply
      incomplete={
        props.request
          ? undefined
          : 'The preview shows once the fields above are valid.'
      }
      loading={preview.loading || settledKey !== key}
      error={preview.error}
    >
      {preview.value && <PlanView plan={preview.value} />}
    </ObjectsToApply>
  );
}

function gatewayLabel(gateway: GatewayChoice): string {
  const programmed =
    gateway.programmed === 'True' ? '' : `, programmed: ${gateway.programmed}`;
  return `${gateway.name} (namespace ${gateway.namespace}, service network ${gateway.serviceNetwork}${programmed})`;
}

/** Why the listener field offers what it does, when the schema has nothing to say. */
function listenerHint(
  kind: RouteRequestKind,
  choices: FleetListenerOverview[],
): string | undefined {
  if (kind === 'GRPC') {
    return choices.length
      ? 'gRPC needs an HTTPS listener'
      : 'gRPC needs an HTTPS listener, and this Gateway has none';
  }
  if (kind === 'TLS') {
    return choices.length
      ? 'TLS passthrough needs a TLS listener in Passthrough mode'
      : 'TLS passthrough needs a TLS listener in Passthrough mode, and this Gateway has none';
  }
  return choices.length ? undefined : 'This Gateway has no listener';
}

function RouteFields(props: {
  form: RouteRequestForm;
  gateways: GatewayChoice[];
  problems: Map<string, string>;
  onChange: (form: RouteRequestForm) => void;
}) {
  const { form, problems } = props;
  const change = (part: Partial<RouteRequestForm>) =>
    props.onChange({ ...form, ...part });
  const gateway = props.gateways.find(choice => choice.value === form.gateway);
  const listeners = listenerChoices(gateway, form.kind);
  return (
    <>
      <RadioGroup
        row
        aria-label="Route kind"
        value={form.kind}
        onChange={event =>
          props.onChange(
            withKind(form, event.target.value as RouteRequestKind, gateway),
          )
        }
      >
        <FormControlLabel
          value="HTTP"
          control={<Radio color="primary" />}
          label="HTTP"
        />
        <FormControlLabel
          value="GRPC"
          control={<Radio color="primary" />}
          label="gRPC"
        />
        <FormControlLabel
          value="TLS"
          control={<Radio color="primary" />}
          label="TLS passthrough"
        />
      </RadioGroup>
      <Box display="flex" style={{ gap: 8 }}>
        <TextField
          select
          id="service-network-route-gateway"
          size="small"
          margin="dense"
          fullWidth
          label="Gateway (service network)"
          value={form.gateway}
          error={problems.has('gateway')}
          helperText={problems.get('gateway')}
          onChange={event => {
            const chosen = props.gateways.find(
              choice => choice.value === event.target.value,
            );
            if (chosen) props.onChange(withGateway(form, chosen));
          }}
        >
          {props.gateways.map(choice => (
            <MenuItem key={choice.value} value={choice.value}>
              {gatewayLabel(choice)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          id="service-network-route-listener"
          size="small"
          margin="dense"
          label="Listener"
          value={form.listener}
          disabled={listeners.length === 0}
          error={problems.has('listener')}
          helperText={
            (listeners.length > 0 && problems.get('listener')) ||
            listenerHint(form.kind, listeners)
          }
          onChange={event => change({ listener: event.target.value })}
          style={{ minWidth: 180 }}
        >
          {listeners.map(listener => (
            <MenuItem key={listener.name} value={listener.name}>
              {listenerLabel(listener)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <BackendWeights
        backends={form.backends}
        problems={problems}
        onChange={backends => change({ backends })}
      />
      {form.kind === 'TLS' ? (
        <>
          <Typography variant="body2" color="textSecondary">
            Lattice forwards the encrypted stream by its SNI name to the
            Service, which terminates TLS itself: there is nothing to match.
          </Typography>
          <FieldRow
            form={form}
            problems={problems}
            keys={['routeName', 'sniHostname']}
            onChange={change}
          />
        </>
      ) : (
        <>
          <MatchFields form={form} problems={problems} onChange={change} />
          <FieldRow
            form={form}
            problems={problems}
            keys={['routeName', 'hostname']}
            onChange={change}
          />
        </>
      )}
      <TextField
        id="service-network-route-reason"
        margin="dense"
        fullWidth
        multiline
        minRows={2}
        required
        label="Reason"
        value={form.reason}
        // An empty reason is the normal start, not a mistake to point at.
        error={Boolean(form.reason.trim()) && problems.has('reason')}
        helperText={
          (form.reason.trim() && problems.get('reason')) ||
          'Why the route is needed; the platform team reads this'
        }
        onChange={event => change({ reason: event.target.value })}
      />
    </>
  );
}

function RequestForm(props: {
  status: EntityServiceNetworkStatus;
  gateways: GatewayChoice[];
  onClose: () => void;
  onCreated: (request: RouteRequest) => void;
}) {
  const { entity } = useEntity();
  const api = useApi(serviceNetworkApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [form, setForm] = useState(() =>
    initialForm({
      clusters: backendClusters(props.status),
      gateways: props.gateways,
    }),
  );
  const { request, problems } = checkForm(form, entityRef);

  const send = async (valid: RouteRequestCreate) =>
    props.onCreated(await api.createRouteRequest(valid));

  return (
    <DialogForm
      onClose={props.onClose}
      submitLabel="Submit request"
      send={request && (() => send(request))}
    >
      <Typography variant="body2" color="textSecondary" paragraph>
        The platform team reviews the request on the requests page. Once
        approved, the route and one ServiceImport per backend cluster are
        applied in the config cluster, and the controller gives the route a VPC
        Lattice DNS name.
      </Typography>
      <RouteFields
        form={form}
        gateways={props.gateways}
        problems={problems}
        onChange={setForm}
      />
      <RoutePreview request={previewRequestOf(form, entityRef)} />
    </DialogForm>
  );
}

function RequestFormLoader(props: {
  status: EntityServiceNetworkStatus;
  onClose: () => void;
  onCreated: (request: RouteRequest) => void;
}) {
  const api = useApi(serviceNetworkApiRef);
  const fleet = useAsync(() => api.getFleetOverview(), [api]);
  if (fleet.loading) {
    return (
      <DialogContent>
        <Progress />
      </DialogContent>
    );
  }
  const gateways = fleet.value ? gatewayChoices(fleet.value) : [];
  if (fleet.error || gateways.length === 0) {
    return (
      <>
        <DialogContent>
          <Alert severity="error">
            {fleet.error
              ? `Could not load the service networks: ${errorMessage(
                  fleet.error,
                )}`
              : 'The config cluster has no Gateway to attach a route to.'}
          </Alert>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Close</Button>
        </DialogActions>
      </>
    );
  }
  return <RequestForm {...props} gateways={gateways} />;
}

/**
 * Asks the platform team for an HTTPRoute, GRPCRoute or TLSRoute to the entity's
 * Service, showing the exact objects the approval would apply.
 */
export function RequestRouteDialog(props: {
  open: boolean;
  status: EntityServiceNetworkStatus;
  onClose: () => void;
  onCreated: (request: RouteRequest) => void;
}) {
  return (
    <ServiceNetworkDialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="md"
      titleId="service-network-request-route-title"
      title={`Request a route to ${props.status.service.name}`}
    >
      <RequestFormLoader
        status={props.status}
        onClose={props.onClose}
        onCreated={props.onCreated}
      />
    </ServiceNetworkDialog>
  );
}
