import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { ReactNode } from 'react';

/** Below this the columns' words would break apart; the table scrolls sideways instead. */
const MIN_WIDTH = 880;

/**
 * A Backstage table that shows every row at once, in the given order, with
 * cells read from the top; it scrolls sideways on narrow screens.
 */
export function DetailTable<T extends object>(props: {
  title: string;
  columns: TableColumn<T>[];
  rows: T[];
  /** A unique id per row, which the table keeps row state by. */
  idOf: (row: T) => string;
  emptyContent?: ReactNode;
}) {
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Box minWidth={MIN_WIDTH}>
        <Table<T>
          title={props.title}
          options={{
            paging: false,
            search: false,
            sorting: false,
            padding: 'dense',
            rowStyle: { verticalAlign: 'top' },
          }}
          columns={props.columns}
          data={props.rows.map(row => ({ ...row, id: props.idOf(row) }))}
          emptyContent={props.emptyContent}
        />
      </Box>
    </Box>
  );
}
