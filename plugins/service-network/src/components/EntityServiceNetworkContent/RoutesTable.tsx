import { TableColumn } from '@backstage/core-components';
import {
  RouteParentStatus,
  RouteStatus,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import { DnsNameLine } from '../common/DnsNameLine';
import { routeDnsNames } from '../common/dnsNames';
import { EventList } from '../common/EventList';
import { Line } from '../common/Line';
import { listenerLabel } from '../common/listeners';
import { DetailTable } from '../common/DetailTable';
import {
  LATTICE_STATUS_TONE,
  ROUTE_STATE_TONE,
  conditionTone,
  stateWords,
} from '../common/tones';
import { ConditionLine } from './ConditionLine';

function Parent(props: { parent: RouteParentStatus }) {
  const { parent } = props;
  const gateway = `Gateway ${parent.gatewayNamespace}/${parent.gatewayName}`;
  return (
    <Box mb={1.5}>
      <Line
        tone={parent.serviceNetworkInLattice === false ? 'error' : undefined}
      >
        <strong>{parent.serviceNetwork}</strong>
        {parent.serviceNetworkInLattice === false
          ? ': no such service network in Lattice'
          : ''}
      </Line>
      {parent.gatewayFound ? (
        <Line tone={conditionTone(parent.gatewayProgrammed)} secondary>
          {gateway}: Programmed {parent.gatewayProgrammed?.status ?? 'unknown'}
          {parent.gatewayProgrammed?.message
            ? ` (${parent.gatewayProgrammed.message})`
            : ''}
        </Line>
      ) : (
        <Line tone="error">{gateway} does not exist</Line>
      )}
      <Line secondary>
        {parent.listeners.length > 0
          ? `listener ${parent.listeners.map(listenerLabel).join(', ')}`
          : `no listener matches${
              parent.sectionName ? ` section ${parent.sectionName}` : ''
            }${parent.port ? ` port ${parent.port}` : ''}`}
      </Line>
      {parent.associationStatus && (
        <Line tone={LATTICE_STATUS_TONE[parent.associationStatus]} secondary>
          association {parent.associationStatus}
        </Line>
      )}
      {parent.conditions.length === 0 ? (
        <Line tone="pending">no conditions reported yet</Line>
      ) : (
        parent.conditions.map(condition => (
          <ConditionLine key={condition.type} condition={condition} />
        ))
      )}
    </Box>
  );
}

function Backends(props: { route: RouteStatus }) {
  const { backends } = props.route;
  const manyRules = new Set(backends.map(b => b.ruleIndex)).size > 1;
  return (
    <>
      {backends.map((backend, index) => (
        <Line key={index} secondary={!backend.reachesService}>
          {manyRules ? `rule ${backend.ruleIndex + 1}: ` : ''}
          {backend.reachesService ? (
            <strong>{backend.name}</strong>
          ) : (
            backend.name
          )}{' '}
          weight {backend.weight} ({backend.share}%)
          {backend.reachesService ? '' : ', another Service'}
        </Line>
      ))}
    </>
  );
}

function LatticeServiceCell(props: { route: RouteStatus }) {
  const { latticeService, events } = props.route;
  return (
    <>
      {latticeService ? (
        <>
          <Line tone={LATTICE_STATUS_TONE[latticeService.status]}>
            {latticeService.name}: {latticeService.status}
          </Line>
          {latticeService.failureCode && (
            <Line tone="error">
              {latticeService.failureCode}
              {latticeService.failureMessage
                ? `: ${latticeService.failureMessage}`
                : ''}
            </Line>
          )}
        </>
      ) : (
        <Line secondary>No Lattice service known</Line>
      )}
      <Box mt={1}>
        <EventList events={events} />
      </Box>
    </>
  );
}

function DnsCell(props: { route: RouteStatus }) {
  const { route } = props;
  return (
    <>
      {routeDnsNames(route).map(entry => (
        <DnsNameLine key={entry.check} entry={entry} />
      ))}
      {route.customDomain.state === 'none' && (
        <Line secondary>no custom domain</Line>
      )}
    </>
  );
}

const columns: TableColumn<RouteStatus>[] = [
  {
    title: 'Route',
    width: '15%',
    field: 'name',
    render: route => (
      <>
        <Line>
          <strong>{route.name}</strong>
        </Line>
        <Line secondary>
          {route.kind} in {route.namespace}, cluster {route.cluster}
        </Line>
        {route.standalone && (
          <Line secondary>
            Standalone: its Lattice service is in no service network, so only
            its DNS name reaches it where it is shared
          </Line>
        )}
        {route.kind === 'TLSRoute' && (
          <Line secondary>
            TLS passthrough: Lattice forwards by SNI
            {route.hostnames[0] ? ` ${route.hostnames[0]}` : ''}, the Service
            terminates TLS itself
          </Line>
        )}
        <Line tone={ROUTE_STATE_TONE[route.state]}>
          {stateWords(route.state)}
        </Line>
      </>
    ),
  },
  {
    title: 'Service networks and conditions',
    width: '25%',
    render: route => (
      <>
        {route.parents.map(parent => (
          <Parent
            key={`${parent.gatewayNamespace}/${parent.gatewayName}/${
              parent.sectionName ?? ''
            }`}
            parent={parent}
          />
        ))}
      </>
    ),
  },
  {
    title: 'Backends and weights',
    width: '20%',
    render: route => <Backends route={route} />,
  },
  {
    title: 'DNS',
    width: '22%',
    render: route => <DnsCell route={route} />,
  },
  {
    title: 'Lattice service and events',
    width: '18%',
    render: route => <LatticeServiceCell route={route} />,
  },
];

/** The routes in the config cluster that reach the Service, with what the controller said. */
export function RoutesTable(props: { routes: RouteStatus[] }) {
  return (
    <DetailTable<RouteStatus>
      title="Routes"
      columns={columns}
      rows={props.routes}
      idOf={r => `${r.cluster}/${r.kind}/${r.namespace}/${r.name}`}
      emptyContent={
        <Box p={2}>
          <Line secondary>
            No route (HTTPRoute, GRPCRoute or TLSRoute) reaches this Service
            yet, so it has no VPC Lattice DNS name. Ask the platform team for a
            route.
          </Line>
        </Box>
      }
    />
  );
}
