import { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import Typography from '@material-ui/core/Typography';
import { StatusLabel } from './StatusLabel';
import { OVERALL_TONE, stateWords } from './tones';

/** The entity's one-word state, large, and its one-sentence summary. */
export function OverallState(props: { status: EntityServiceNetworkStatus }) {
  const { overall, summary } = props.status;
  const words = stateWords(overall);
  return (
    <>
      <Typography variant="h6" component="p">
        <StatusLabel tone={OVERALL_TONE[overall]}>
          {words[0].toLocaleUpperCase('en-US')}
          {words.slice(1)}
        </StatusLabel>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {summary}
      </Typography>
    </>
  );
}
