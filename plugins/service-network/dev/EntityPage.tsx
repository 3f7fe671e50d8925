import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  TabbedLayout,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  catalogApiRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { serviceRefForEntity } from '@service-network/backstage-plugin-service-network-common';
import Grid from '@material-ui/core/Grid';
import { ReactNode } from 'react';
import { useOutlet, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { EntityServiceNetworkCard, isServiceNetworkAvailable } from '../src';

/** What Service Network makes of the current entity. */
function ServiceMappingCard() {
  const { entity } = useEntity();
  if (!isServiceNetworkAvailable(entity)) {
    return (
      <WarningPanel title="Not a service">
        Service Network applies to Components of type service, or to entities
        annotated with the Kubernetes Service they stand for.
      </WarningPanel>
    );
  }
  let service: string;
  try {
    const ref = serviceRefForEntity(entity);
    service = `${ref.namespace}/${ref.name}`;
  } catch (error) {
    return (
      <WarningPanel title="Cannot map to a Service" message={`${error}`} />
    );
  }
  return (
    <InfoCard title="Kubernetes Service">
      <StructuredMetadataTable
        metadata={{
          service,
          description: entity.metadata.description ?? '',
        }}
      />
    </InfoCard>
  );
}

function Overview() {
  const { entity } = useEntity();
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <ServiceMappingCard />
      </Grid>
      {isServiceNetworkAvailable(entity) && (
        <Grid item xs={12} md={6}>
          <EntityServiceNetworkCard />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * The tabs of an entity page: the overview, and `children` (extra
 * `TabbedLayout.Route`s) for entities where Service Network applies. It sits
 * in the app's element tree below the entity route, as an app's entity page
 * does, so the routable extensions in it are discovered.
 */
export function EntityTabs(props: { children: ReactNode }) {
  const { entity } = useEntity();
  return (
    <TabbedLayout>
      <TabbedLayout.Route path="/" title="Overview">
        <Overview />
      </TabbedLayout.Route>
      {isServiceNetworkAvailable(entity) && props.children}
    </TabbedLayout>
  );
}

/**
 * One catalog entity, provided through EntityProvider so entity cards and
 * tabs render here as they would in an app's entity page; what the route
 * nests (the tabs) renders below its header, as with the catalog's
 * CatalogEntityPage.
 */
export function EntityPage() {
  const { namespace = 'default', kind = '', name = '' } = useParams();
  const outlet = useOutlet();
  const catalogApi = useApi(catalogApiRef);
  const {
    value: entity,
    loading,
    error,
  } = useAsync(
    () => catalogApi.getEntityByRef({ kind, namespace, name }),
    [catalogApi, kind, namespace, name],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!entity) {
    return (
      <WarningPanel
        title="Entity not found"
        message={`The catalog has no ${kind}:${namespace}/${name}`}
      />
    );
  }
  return (
    <EntityProvider entity={entity}>
      <Page themeId="service">
        <Header
          title={entity.metadata.title ?? entity.metadata.name}
          subtitle={stringifyEntityRef(entity)}
        />
        <Content>{outlet}</Content>
      </Page>
    </EntityProvider>
  );
}
