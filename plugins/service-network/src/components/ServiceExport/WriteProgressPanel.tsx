import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircle from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HourglassEmpty from '@material-ui/icons/HourglassEmpty';
import RadioButtonUnchecked from '@material-ui/icons/RadioButtonUnchecked';
import Warning from '@material-ui/icons/Warning';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { timeAgo } from '../common/time';
import { useToneColors } from '../common/toneColors';
import { useNow } from '../common/useNow';
import {
  ClusterProgress,
  StepState,
  WriteKind,
  WriteProgress,
} from './writeProgress';

// The steppers need the whole width of the alert, which sizes its message to the text.
const useStyles = makeStyles({ message: { flexGrow: 1 } });

/** After this long the controller is slower than usual, and worth a look. */
const USUAL_WAIT_SECONDS = 60;

const STATE_WORDS: Record<StepState, string> = {
  done: 'done',
  active: 'in progress',
  waiting: 'waiting',
  warning: 'done, with problems',
  failed: 'failed',
};

function StepIcon(props: { state: StepState }) {
  const colors = useToneColors();
  switch (props.state) {
    case 'done':
      return <CheckCircle style={{ color: colors.ok }} />;
    case 'active':
      return <HourglassEmpty style={{ color: colors.pending }} />;
    case 'warning':
      return <Warning style={{ color: colors.warning }} />;
    case 'failed':
      return <ErrorIcon style={{ color: colors.error }} />;
    default:
      return <RadioButtonUnchecked style={{ color: colors.neutral }} />;
  }
}

function ClusterSteps(props: { progress: ClusterProgress }) {
  const { cluster, steps } = props.progress;
  const current = steps.findIndex(step => step.state !== 'done');
  return (
    <Box mt={1}>
      <Typography variant="subtitle2">{cluster}</Typography>
      <Stepper
        alternativeLabel
        activeStep={current === -1 ? steps.length : current}
        role="list"
        aria-label={`Progress in ${cluster}`}
        style={{ padding: '8px 0', background: 'transparent' }}
      >
        {steps.map(step => (
          <Step
            key={step.label}
            role="listitem"
            aria-label={`${step.label}: ${STATE_WORDS[step.state]}`}
            completed={step.state === 'done' || step.state === 'warning'}
          >
            <StepLabel
              error={step.state === 'failed'}
              StepIconComponent={() => <StepIcon state={step.state} />}
              optional={
                step.detail && (
                  <Typography
                    variant="caption"
                    component="div"
                    color={step.state === 'failed' ? 'error' : 'textSecondary'}
                  >
                    {step.detail}
                  </Typography>
                )
              }
            >
              {step.label}
            </StepLabel>
          </Step>
        ))}
      </Stepper>
    </Box>
  );
}

const TITLES: Record<
  WriteKind,
  { running: string; done: string; failed: string }
> = {
  export: {
    running: 'Exporting',
    done: 'Exported',
    failed: 'The export did not finish everywhere',
  },
  unexport: {
    running: 'Stopping the export',
    done: 'No longer exported',
    failed: 'The export was not removed everywhere',
  },
};

function headline(progress: WriteProgress): {
  title: string;
  severity: 'info' | 'success' | 'error' | 'warning';
} {
  const titles = TITLES[progress.kind];
  if (progress.clusters.some(cluster => cluster.failed)) {
    return { title: titles.failed, severity: 'error' };
  }
  if (!progress.settled) {
    return { title: titles.running, severity: 'info' };
  }
  const problems = progress.clusters.some(cluster =>
    cluster.steps.some(step => step.state === 'warning'),
  );
  return { title: titles.done, severity: problems ? 'warning' : 'success' };
}

function WaitLine(props: { startedAt: Date }) {
  const now = useNow();
  const seconds = (now.getTime() - props.startedAt.getTime()) / 1000;
  return (
    <Typography variant="body2">
      Started {timeAgo(props.startedAt, now)}.{' '}
      {seconds < USUAL_WAIT_SECONDS
        ? 'The controller usually takes a few seconds to a minute.'
        : 'This is taking longer than the usual minute: the events of each cluster on the Service Network tab say what the controller is doing.'}
    </Typography>
  );
}

/**
 * An export or its removal, step by step in each cluster, until the
 * controller has done its part; a Retry for the clusters where the write
 * itself failed.
 */
export function WriteProgressPanel(props: {
  progress: WriteProgress;
  startedAt: Date;
  warnings: string[];
  retrying: boolean;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const { progress } = props;
  const classes = useStyles();
  const { title, severity } = headline(progress);
  const retry = progress.failedWrites.length > 0;
  return (
    <Alert
      severity={severity}
      role="region"
      aria-label={title}
      classes={{ message: classes.message }}
    >
      <AlertTitle>{title}</AlertTitle>
      {!progress.settled && <WaitLine startedAt={props.startedAt} />}
      {props.warnings.map(warning => (
        <Typography variant="body2" key={warning}>
          {warning}
        </Typography>
      ))}
      {progress.clusters.map(cluster => (
        <ClusterSteps key={cluster.cluster} progress={cluster} />
      ))}
      <Box mt={1} display="flex" alignItems="center" style={{ gap: 8 }}>
        {retry && (
          <>
            <Button
              variant="outlined"
              size="small"
              disabled={props.retrying}
              onClick={props.onRetry}
            >
              Retry
            </Button>
            <Typography variant="caption">
              writes again in {progress.failedWrites.join(', ')}
            </Typography>
          </>
        )}
        {progress.settled && (
          <Button size="small" onClick={props.onDismiss}>
            Dismiss
          </Button>
        )}
      </Box>
    </Alert>
  );
}
