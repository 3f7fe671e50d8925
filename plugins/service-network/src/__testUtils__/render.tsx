/*
 * Renders a component of this plugin in a test app, with a fake backend
 * client and, for entity components, the entity in context.
 */
import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityServiceNetworkStatus,
  FleetOverview,
} from '@internal/plugin-service-network-common';
import { screen, within } from '@testing-library/react';
import { ReactElement } from 'react';
import { ServiceNetworkApi, serviceNetworkApiRef } from '../api';
import { entityStatus, fleetOverview } from './status';

export const SERVICE_ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'service-1', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

export interface FakeServiceNetworkApi extends ServiceNetworkApi {
  getEntityStatus: jest.Mock<
    Promise<EntityServiceNetworkStatus>,
    [CompoundEntityRef]
  >;
  getFleetOverview: jest.Mock<Promise<FleetOverview>, []>;
}

/** A backend that answers with the given status and fleet, by default the healthy fixtures. */
export function fakeApi(
  answers: {
    status?: EntityServiceNetworkStatus;
    fleet?: FleetOverview;
  } = {},
): FakeServiceNetworkApi {
  return {
    getEntityStatus: jest.fn<
      Promise<EntityServiceNetworkStatus>,
      [CompoundEntityRef]
    >(async () => answers.status ?? entityStatus()),
    getFleetOverview: jest.fn<Promise<FleetOverview>, []>(
      async () => answers.fleet ?? fleetOverview(),
    ),
  };
}

/** The ResponseError the client throws for an error answer of the backend. */
export function responseError(
  statusCode: number,
  message: string,
): Promise<ResponseError> {
  const name = statusCode === 404 ? 'NotFoundError' : 'InputError';
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode },
      }),
      { status: statusCode, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

export function renderWithApi(element: ReactElement, api: ServiceNetworkApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[serviceNetworkApiRef, api]]}>
      <EntityProvider entity={SERVICE_ENTITY}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}

/** Queries within the one table row that shows `text` exactly. */
export function rowWith(text: string) {
  const rows = screen
    .getAllByRole('row')
    .filter(row => within(row).queryAllByText(text).length > 0);
  if (rows.length !== 1) {
    throw new Error(
      `Expected one table row showing '${text}', found ${rows.length}`,
    );
  }
  return within(rows[0]);
}
