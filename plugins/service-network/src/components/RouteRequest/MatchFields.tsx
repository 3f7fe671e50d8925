import { HTTP_METHODS } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  canAddHeader,
  FieldKey,
  HeaderRow,
  HttpMethod,
  PathType,
  RouteRequestForm,
} from './routeRequestForm';
import { Field, FieldRow } from './TextFields';

type Change = (change: Partial<RouteRequestForm>) => void;

function HeaderRows(props: {
  form: RouteRequestForm;
  problems: Map<FieldKey, string>;
  onChange: Change;
}) {
  const { headers } = props.form;
  const setHeaders = (next: HeaderRow[]) => props.onChange({ headers: next });
  const update = (row: number, change: Partial<HeaderRow>) =>
    setHeaders(headers.map((h, i) => (i === row ? { ...h, ...change } : h)));
  return (
    <Box mt={1}>
      <FormLabel component="legend">Header matches (exact)</FormLabel>
      {headers.map((header, row) => {
        const problem = props.problems.get(`header:${row}`);
        return (
          <Box key={row} display="flex" alignItems="flex-start">
            <TextField
              id={`service-network-header-${row}-name`}
              size="small"
              margin="dense"
              label={`Header ${row + 1} name`}
              value={header.name}
              error={Boolean(problem)}
              helperText={problem}
              onChange={event => update(row, { name: event.target.value })}
            />
            <Box ml={1}>
              <TextField
                id={`service-network-header-${row}-value`}
                size="small"
                margin="dense"
                label={`Header ${row + 1} value`}
                value={header.value}
                onChange={event => update(row, { value: event.target.value })}
              />
            </Box>
            <IconButton
              aria-label={`Remove header ${row + 1}`}
              onClick={() => setHeaders(headers.filter((_, i) => i !== row))}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        );
      })}
      {props.problems.has('headers') && (
        <FormHelperText error>{props.problems.get('headers')}</FormHelperText>
      )}
      <Button
        size="small"
        disabled={!canAddHeader(props.form)}
        onClick={() => setHeaders([...headers, { name: '', value: '' }])}
      >
        Add header
      </Button>
    </Box>
  );
}

/** What requests the route carries: path and method for HTTP, service and method for gRPC; headers for both. */
export function MatchFields(props: {
  form: RouteRequestForm;
  problems: Map<FieldKey, string>;
  onChange: Change;
}) {
  const { form, problems, onChange } = props;
  return (
    <>
      {form.kind === 'HTTP' ? (
        <Box display="flex" style={{ gap: 8 }}>
          <TextField
            select
            id="service-network-route-path-type"
            size="small"
            margin="dense"
            label="Path type"
            value={form.pathType}
            onChange={event =>
              onChange({ pathType: event.target.value as PathType })
            }
            style={{ minWidth: 140 }}
          >
            <MenuItem value="PathPrefix">Prefix</MenuItem>
            <MenuItem value="Exact">Exact</MenuItem>
          </TextField>
          <Field
            label="Path"
            value={form.pathValue}
            problem={problems.get('path')}
            onChange={pathValue => onChange({ pathValue })}
          />
          <TextField
            select
            id="service-network-route-method"
            size="small"
            margin="dense"
            label="Method"
            value={form.method}
            // The empty value reads "Any", so the label stays above it.
            InputLabelProps={{ shrink: true }}
            SelectProps={{ displayEmpty: true }}
            onChange={event =>
              onChange({ method: event.target.value as HttpMethod | '' })
            }
            style={{ minWidth: 120 }}
          >
            <MenuItem value="">Any</MenuItem>
            {HTTP_METHODS.map(method => (
              <MenuItem key={method} value={method}>
                {method}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      ) : (
        <FieldRow
          form={form}
          problems={problems}
          keys={['grpcService', 'grpcMethod']}
          onChange={onChange}
        />
      )}
      <HeaderRows form={form} problems={problems} onChange={onChange} />
    </>
  );
}
