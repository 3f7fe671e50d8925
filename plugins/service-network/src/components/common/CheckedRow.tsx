import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import { ReactNode } from 'react';

/** A row its checkbox takes in or leaves out, followed by the settings of what it takes in. */
export function CheckedRow(props: {
  label: string;
  /** Lines up the settings of the rows under each other. */
  labelWidth: number;
  checked: boolean;
  onCheck: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <Box display="flex" alignItems="center">
      <FormControlLabel
        style={{ minWidth: props.labelWidth }}
        label={props.label}
        control={
          <Checkbox
            color="primary"
            checked={props.checked}
            onChange={event => props.onCheck(event.target.checked)}
          />
        }
      />
      {props.children}
    </Box>
  );
}
