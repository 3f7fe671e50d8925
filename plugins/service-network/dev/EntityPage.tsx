import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  catalogApiRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  isServiceNetworkAvailable,
  serviceRefForEntity,
} from '@internal/plugin-service-network-common';
import Grid from '@material-ui/core/Grid';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';

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

/**
 * One catalog entity, provided through EntityProvider so entity cards and
 * tabs render here as they would in an app's entity page.
 */
export function EntityPage() {
  const { namespace = 'default', kind = '', name = '' } = useParams();
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
        <Content>
          <Grid container spacing={3}>
            <Grid item xs={12} md={6}>
              <ServiceMappingCard />
            </Grid>
          </Grid>
        </Content>
      </Page>
    </EntityProvider>
  );
}
