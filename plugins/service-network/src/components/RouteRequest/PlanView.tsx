import { RouteRequestPlan } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { DiffBlock, objectName } from '../common/CodeBlock';
import { plannedObjectDiff } from './planText';

const ACTION_WORDS = {
  create: 'Creates',
  update: 'Updates',
  unchanged: 'Leaves unchanged',
} as const;

/**
 * The objects an approval applies, each as a diff against the cluster, and
 * the problems that keep the plan from being applied.
 */
export function PlanView(props: { plan: RouteRequestPlan }) {
  const { plan } = props;
  return (
    <>
      {plan.problems.length > 0 && (
        <Box mb={1}>
          <Alert severity="error">
            This request cannot be applied as it stands:
            <ul>
              {plan.problems.map(problem => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </Alert>
        </Box>
      )}
      <Typography variant="body2" color="textSecondary" gutterBottom>
        VPC Lattice service: {plan.latticeServiceName}
      </Typography>
      {plan.objects.map(planned => {
        const name = objectName(planned.object);
        return (
          <Box key={`${planned.cluster}|${name}`} mb={1}>
            <Typography variant="subtitle2">
              {ACTION_WORDS[planned.action]} {name} in {planned.cluster}
            </Typography>
            {planned.takesOverFrom?.map(takeover => (
              <Alert severity="warning" key={takeover.manager}>
                Takes over {takeover.paths.join(', ')} from the field manager{' '}
                {takeover.manager}.
              </Alert>
            ))}
            <DiffBlock text={plannedObjectDiff(planned)} label={name} />
          </Box>
        );
      })}
    </>
  );
}
