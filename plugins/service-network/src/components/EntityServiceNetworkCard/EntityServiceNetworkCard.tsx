import { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useRouteLink } from '../../hooks/useRouteLink';
import { entityContentRouteRef } from '../../routes';
import { ClusterChips } from '../common/ClusterChips';
import { DnsNameLine } from '../common/DnsNameLine';
import { dnsNamesOf } from '../common/dnsNames';
import { isNotExported, syncSubjectsOf } from '../common/entityStatus';
import { EntityStatusCard } from '../common/EntityStatusCard';
import { notExportedAdvice } from '../common/notExported';
import { OverallState } from '../common/OverallState';
import { SyncBanner } from '../common/SyncBanner';
import { ServiceActions } from '../ServiceActions/ServiceActions';
import {
  FollowedWriteState,
  useFollowedWrite,
} from '../ServiceExport/useFollowedWrite';

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function DnsNames(props: { status: EntityServiceNetworkStatus }) {
  const names = dnsNamesOf(props.status);
  if (names.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        None yet: no route reaches this Service. Ask the platform team for a
        route to give it a VPC Lattice DNS name.
      </Typography>
    );
  }
  return (
    <>
      {names.map(entry => (
        <DnsNameLine
          key={`${entry.source}|${entry.name}`}
          entry={entry}
          showSource
        />
      ))}
    </>
  );
}

function NotExported(props: { status: EntityServiceNetworkStatus }) {
  const advice = notExportedAdvice(props.status);
  return (
    <Section title={advice.title}>
      <Typography variant="body2">{advice.description}</Typography>
    </Section>
  );
}

function CardBody(props: {
  status: EntityServiceNetworkStatus;
  follower: FollowedWriteState;
}) {
  const { status } = props;
  return (
    <>
      <OverallState status={status} />
      <Box mt={1}>
        <SyncBanner subjects={syncSubjectsOf(status)} />
      </Box>
      {isNotExported(status) ? (
        <NotExported status={status} />
      ) : (
        <Section title="DNS names">
          <DnsNames status={status} />
        </Section>
      )}
      <Section title="Clusters">
        <ClusterChips clusters={status.clusters} />
      </Section>
      <Box mt={2}>
        <ServiceActions status={status} follower={props.follower} />
      </Box>
    </>
  );
}

/**
 * The entity's Service Network state at a glance: DNS names, overall state,
 * one chip per cluster; and the export and route request actions.
 */
export function EntityServiceNetworkCard() {
  const follower = useFollowedWrite();
  // Resolved from the entity page the card is on, so it is this entity's tab.
  const tab = useRouteLink(entityContentRouteRef);
  return (
    <EntityStatusCard
      polled={follower.polled}
      deepLink={
        tab ? { link: tab, title: 'Findings, topology and routes' } : undefined
      }
    >
      {status => <CardBody status={status} follower={follower} />}
    </EntityStatusCard>
  );
}
