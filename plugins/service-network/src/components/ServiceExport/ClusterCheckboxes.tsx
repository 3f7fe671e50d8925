import { WorkloadClusterStatus } from '@service-network/backstage-plugin-service-network-common';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import { useState } from 'react';
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

export interface ClusterChoice {
  clusters: WorkloadClusterStatus[];
  /** Names of the chosen clusters, in the order of `clusters`. */
  chosen: string[];
  setChosen: (chosen: string[]) => void;
}

/** A choice among `clusters` that starts with every one of them. */
export function useClusterChoice(
  clusters: WorkloadClusterStatus[],
): ClusterChoice {
  const [chosen, setChosen] = useState(() => clusters.map(c => c.cluster));
  return { clusters, chosen, setChosen };
}

/** One checkbox per cluster, named with the Service's state there. */
export function ClusterCheckboxes(props: {
  label: string;
  choice: ClusterChoice;
}) {
  const { clusters, chosen, setChosen } = props.choice;
  const order = clusters.map(cluster => cluster.cluster);
  return (
    <FormControl component="fieldset" margin="dense">
      <FormLabel component="legend">{props.label}</FormLabel>
      <FormGroup row>
        {clusters.map(cluster => (
          <FormControlLabel
            key={cluster.cluster}
            label={`${cluster.cluster} (${stateWords(cluster.state)})`}
            control={
              <Checkbox
                color="primary"
                checked={chosen.includes(cluster.cluster)}
                onChange={event =>
                  setChosen(
                    toggled(
                      chosen,
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
