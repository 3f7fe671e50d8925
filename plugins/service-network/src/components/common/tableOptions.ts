import { TableOptions } from '@backstage/core-components';

/** Detail tables show every row at once, in the backend's order. */
export const DETAIL_TABLE_OPTIONS: TableOptions = {
  paging: false,
  search: false,
  sorting: false,
  padding: 'dense',
};
