import { ROUTE_REQUEST_LIMITS } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { CheckedRow } from '../common/CheckedRow';
import {
  BackendChoice,
  FieldKey,
  sharesOf,
  spreadEvenly,
} from './routeRequestForm';

/**
 * The clusters the route sends traffic to, each with its weight and the
 * share of traffic that weight gives it.
 */
export function BackendWeights(props: {
  backends: BackendChoice[];
  problems: Map<FieldKey, string>;
  onChange: (backends: BackendChoice[]) => void;
}) {
  const { backends, problems } = props;
  const shares = sharesOf(backends);
  const update = (cluster: string, change: Partial<BackendChoice>) =>
    props.onChange(
      backends.map(backend =>
        backend.cluster === cluster ? { ...backend, ...change } : backend,
      ),
    );
  const problem = problems.get('backends');
  return (
    <FormControl
      component="fieldset"
      margin="dense"
      fullWidth
      error={Boolean(problem)}
    >
      <FormLabel component="legend">Backend clusters and weights</FormLabel>
      {backends.map(backend => {
        const weightProblem = problems.get(`weight:${backend.cluster}`);
        return (
          <CheckedRow
            key={backend.cluster}
            label={backend.cluster}
            labelWidth={160}
            checked={backend.included}
            onCheck={included => update(backend.cluster, { included })}
          >
            <TextField
              id={`service-network-weight-${backend.cluster}`}
              size="small"
              type="number"
              label={`Weight for ${backend.cluster}`}
              value={backend.weight}
              disabled={!backend.included}
              error={Boolean(weightProblem)}
              helperText={weightProblem}
              inputProps={{
                min: ROUTE_REQUEST_LIMITS.minWeight,
                max: ROUTE_REQUEST_LIMITS.maxWeight,
              }}
              onChange={event =>
                update(backend.cluster, { weight: event.target.value })
              }
              style={{ width: 160 }}
            />
            <Box ml={2}>
              <Typography variant="body2" color="textSecondary">
                {backend.included
                  ? `${shares.get(backend.cluster)} % of traffic`
                  : 'not a backend'}
              </Typography>
            </Box>
          </CheckedRow>
        );
      })}
      <FormHelperText>
        {problem ??
          `Weights are 0 to ${ROUTE_REQUEST_LIMITS.maxWeight}; each cluster gets its weight's share of the traffic.`}
      </FormHelperText>
      <Box>
        <Button
          size="small"
          onClick={() => props.onChange(spreadEvenly(backends))}
        >
          Spread evenly
        </Button>
      </Box>
    </FormControl>
  );
}
