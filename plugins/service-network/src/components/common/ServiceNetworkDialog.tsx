import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { ReactNode, useState } from 'react';
import { errorMessage } from './errorMessage';

/** A full-width dialog named by its title. */
export function ServiceNetworkDialog(props: {
  open: boolean;
  onClose: () => void;
  maxWidth: 'sm' | 'md';
  /** The id of the title, which names the dialog. */
  titleId: string;
  /** None while a dialog whose subject is gone closes. */
  title?: string;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      maxWidth={props.maxWidth}
      fullWidth
      aria-labelledby={props.titleId}
    >
      {props.title && (
        <DialogTitle id={props.titleId}>{props.title}</DialogTitle>
      )}
      {props.children}
    </Dialog>
  );
}

/**
 * A dialog's form: its fields, why the last attempt to send it failed,
 * Cancel, and the one button that sends it; both buttons wait while it is
 * being sent, and stay waiting once it is sent, as the dialog then closes.
 */
export function DialogForm(props: {
  onClose: () => void;
  submitLabel: string;
  submitColor?: 'primary' | 'secondary';
  /** Sends the form; absent while the form cannot be sent as it stands. */
  send?: () => Promise<void>;
  /** Takes a failure to send in hand instead of showing it; answers whether it did. */
  recover?: (error: unknown) => boolean;
  children: ReactNode;
}) {
  const { send, recover } = props;
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    if (!send) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await send();
    } catch (e) {
      if (!recover?.(e)) setError(errorMessage(e));
      setSubmitting(false);
    }
  };
  return (
    <>
      <DialogContent dividers>
        {props.children}
        {error && (
          <Box mt={2}>
            <Alert severity="error">{error}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button
          color={props.submitColor ?? 'primary'}
          variant="contained"
          disabled={!send || submitting}
          onClick={submit}
        >
          {props.submitLabel}
        </Button>
      </DialogActions>
    </>
  );
}
