import { StatusCondition } from '@service-network/backstage-plugin-service-network-common';
import Typography from '@material-ui/core/Typography';
import { Line } from '../common/Line';
import { conditionTone } from '../common/tones';

/** "Accepted: True (Accepted)", with the message below when there is one. */
export function ConditionLine(props: { condition: StatusCondition }) {
  const { condition } = props;
  return (
    <>
      <Line tone={conditionTone(condition)}>
        {condition.type}: {condition.status}
        {condition.reason ? ` (${condition.reason})` : ''}
      </Line>
      {condition.message && (
        <Typography variant="caption" color="textSecondary" component="div">
          {condition.message}
        </Typography>
      )}
    </>
  );
}
