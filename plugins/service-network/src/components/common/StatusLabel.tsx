import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { Tone } from './tones';

const STATUS_BY_TONE = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
  neutral: StatusAborted,
} as const;

// Backstage's status labels bring their own text size; take the surrounding one.
const useStyles = makeStyles({
  inherit: {
    '& > *': { fontSize: 'inherit', lineHeight: 'inherit', color: 'inherit' },
  },
});

/** Backstage's status icon for a tone, followed by text in the surrounding style. */
export function StatusLabel(props: { tone: Tone; children: ReactNode }) {
  const classes = useStyles();
  const Status = STATUS_BY_TONE[props.tone];
  return (
    <span className={classes.inherit}>
      <Status>{props.children}</Status>
    </span>
  );
}
