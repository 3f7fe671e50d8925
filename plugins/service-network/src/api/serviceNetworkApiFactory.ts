import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { serviceNetworkApiRef } from './ServiceNetworkApi';
import { ServiceNetworkClient } from './ServiceNetworkClient';

/** The backend client behind `serviceNetworkApiRef`, for both frontend systems. */
export const serviceNetworkApiFactory = createApiFactory({
  api: serviceNetworkApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new ServiceNetworkClient({ discoveryApi, fetchApi }),
});
