import { Entity } from '@backstage/catalog-model';
import {
  Content,
  Header,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

const columns: TableColumn<Entity>[] = [
  {
    title: 'Name',
    field: 'metadata.name',
    highlight: true,
    render: entity => <EntityRefLink entityRef={entity} />,
  },
  { title: 'System', field: 'spec.system' },
  { title: 'Owner', field: 'spec.owner' },
  { title: 'Type', field: 'spec.type' },
  { title: 'Description', field: 'metadata.description' },
];

/** The catalog's Components, each linking to its entity page. */
export function ComponentsPage() {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    () =>
      catalogApi.getEntities({
        filter: { kind: 'Component' },
        order: { field: 'metadata.name', order: 'asc' },
      }),
    [catalogApi],
  );

  return (
    <Page themeId="tool">
      <Header title="Components" subtitle="From the catalog of the backend" />
      <Content>
        {error ? (
          <ResponseErrorPanel error={error} />
        ) : (
          <Table<Entity>
            title="Components"
            options={{ paging: false, search: true }}
            isLoading={loading}
            columns={columns}
            data={value?.items ?? []}
          />
        )}
      </Content>
    </Page>
  );
}
