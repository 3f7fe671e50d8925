import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { useId } from 'react';
import { FieldKey, RouteRequestForm } from './routeRequestForm';

/** A text field that shows its problem, if any, under it. */
export function Field(props: {
  label: string;
  value: string;
  problem?: string;
  helperText?: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <TextField
      id={id}
      size="small"
      margin="dense"
      fullWidth
      label={props.label}
      value={props.value}
      error={Boolean(props.problem)}
      helperText={props.problem ?? props.helperText}
      onChange={event => props.onChange(event.target.value)}
    />
  );
}

/** The form's free-text fields whose problems go by the field's own name. */
const TEXT_FIELDS = {
  grpcService: {
    label: 'gRPC service',
    helperText: 'e.g. shop.v1.Checkout; empty for every service',
  },
  grpcMethod: {
    label: 'gRPC method',
    helperText: 'e.g. GetCart; empty for every method',
  },
  routeName: {
    label: 'Route name (optional)',
    helperText: "Default: the Service's name",
  },
  hostname: {
    label: 'Hostname (optional)',
    helperText: 'A custom domain; it cannot change once the route exists',
  },
};

/** Free-text fields of the form side by side. */
export function FieldRow(props: {
  form: RouteRequestForm;
  problems: Map<FieldKey, string>;
  keys: Array<keyof typeof TEXT_FIELDS>;
  onChange: (change: Partial<RouteRequestForm>) => void;
}) {
  return (
    <Box display="flex" style={{ gap: 8 }}>
      {props.keys.map(key => (
        <Field
          key={key}
          {...TEXT_FIELDS[key]}
          value={props.form[key]}
          problem={props.problems.get(key)}
          onChange={value => props.onChange({ [key]: value })}
        />
      ))}
    </Box>
  );
}
