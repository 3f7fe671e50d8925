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

type TextFieldKey = 'grpcService' | 'grpcMethod' | 'routeName' | 'hostname';

/** The form's free-text fields, each showing the problems of its form field. */
const TEXT_FIELDS = {
  grpcService: {
    field: 'grpcService',
    label: 'gRPC service',
    helperText: 'e.g. shop.v1.Checkout; empty for every service',
  },
  grpcMethod: {
    field: 'grpcMethod',
    label: 'gRPC method',
    helperText: 'e.g. GetCart; empty for every method',
  },
  routeName: {
    field: 'routeName',
    label: 'Route name (optional)',
    helperText: "Default: the Service's name",
  },
  hostname: {
    field: 'hostname',
    label: 'Hostname (optional)',
    helperText: 'A custom domain; it cannot change once the route exists',
  },
  // The same form field for a TLS passthrough route, where it is required.
  sniHostname: {
    field: 'hostname',
    label: 'Hostname (SNI)',
    helperText:
      'The name clients connect with; Lattice forwards TLS by it. It cannot change once the route exists',
  },
} satisfies Record<
  string,
  { field: TextFieldKey; label: string; helperText: string }
>;

/** Free-text fields of the form side by side. */
export function FieldRow(props: {
  form: RouteRequestForm;
  problems: Map<FieldKey, string>;
  keys: Array<keyof typeof TEXT_FIELDS>;
  onChange: (change: Partial<RouteRequestForm>) => void;
}) {
  return (
    <Box display="flex" style={{ gap: 8 }}>
      {props.keys.map(key => {
        const { field, label, helperText } = TEXT_FIELDS[key];
        return (
          <Field
            key={key}
            label={label}
            helperText={helperText}
            value={props.form[field]}
            problem={props.problems.get(field)}
            onChange={value => props.onChange({ [field]: value })}
          />
        );
      })}
    </Box>
  );
}
