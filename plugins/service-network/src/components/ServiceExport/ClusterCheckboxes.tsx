import { WorkloadClusterStatus } from '@internal/plugin-service-network-common';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import { stateWords } from '../common/tones';

/** `list` with `item` in or out, in the order of `order`. */
function toggled(
  list: string[],
  item: string,
  on: boolean,
  order: string[],
): string[] {
  return order.filter(entry => (entry === item ? on : list.includes(entry)));
}

/** One checkbox per cluster, named with the Service's state there. */
export function ClusterCheckboxes(props: {
  label: string;
  clusters: WorkloadClusterStatus[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) {
  const order = props.clusters.map(cluster => cluster.cluster);
  return (
    <FormControl component="fieldset" margin="dense">
      <FormLabel component="legend">{props.label}</FormLabel>
      <FormGroup row>
        {props.clusters.map(cluster => (
          <FormControlLabel
            key={cluster.cluster}
            label={`${cluster.cluster} (${stateWords(cluster.state)})`}
            control={
              <Checkbox
                color="primary"
                checked={props.chosen.includes(cluster.cluster)}
                onChange={event =>
                  props.onChange(
                    toggled(
                      props.chosen,
                      cluster.cluster,
                      event.target.checked,
                      order,
                    ),
                  )
                }
              />
            }
          />
        ))}
      </FormGroup>
    </FormControl>
  );
}
