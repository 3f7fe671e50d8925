import { BottomLinkProps, InfoCard } from '@backstage/core-components';
import { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import { ReactNode } from 'react';
import { PolledValue } from '../../hooks/usePolledValue';
import { StatusTitles } from './LoadErrorPanel';
import { PolledContent } from './PolledContent';
import { RefreshControl } from './RefreshControl';

/** What the backend's error statuses mean for an entity's status. */
const ENTITY_STATUS_TITLES: StatusTitles = {
  404: 'This entity is not known to the catalog, or it is hidden from you',
  400: "This entity's annotations do not name a valid Kubernetes Service",
};

/**
 * The entity's status in a card, on the overview and the tab alike: which
 * Service it is about, how fresh it is, and a refresh button.
 */
export function EntityStatusCard(props: {
  polled: PolledValue<EntityServiceNetworkStatus>;
  /** A link at the bottom of the card, e.g. to the entity's tab. */
  deepLink?: BottomLinkProps;
  children: (status: EntityServiceNetworkStatus) => ReactNode;
}) {
  const { polled } = props;
  const service = polled.value?.service;
  return (
    <InfoCard
      title="Service Network"
      subheader={service && `Service ${service.namespace}/${service.name}`}
      deepLink={props.deepLink}
      action={
        <RefreshControl
          updatedAt={polled.updatedAt}
          refreshing={polled.refreshing}
          onRefresh={polled.refresh}
        />
      }
    >
      <PolledContent
        polled={polled}
        what="the Service Network status"
        titles={ENTITY_STATUS_TITLES}
      >
        {props.children}
      </PolledContent>
    </InfoCard>
  );
}
