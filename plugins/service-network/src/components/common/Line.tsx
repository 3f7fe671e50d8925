import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { StatusLabel } from './StatusLabel';
import { Tone } from './tones';

/** One line of a table cell, with a status icon when it has a tone. */
export function Line(props: {
  tone?: Tone;
  secondary?: boolean;
  children: ReactNode;
}) {
  return (
    <Typography
      variant="body2"
      component="div"
      color={props.secondary ? 'textSecondary' : 'textPrimary'}
    >
      {props.tone ? (
        <StatusLabel tone={props.tone}>{props.children}</StatusLabel>
      ) : (
        props.children
      )}
    </Typography>
  );
}
