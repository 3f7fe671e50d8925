import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { ReactNode } from 'react';
import { Tone } from './tones';

const STATUS_BY_TONE = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
  neutral: StatusAborted,
} as const;

/** Backstage's status icon for a tone, followed by text. */
export function StatusLabel(props: { tone: Tone; children: ReactNode }) {
  const Status = STATUS_BY_TONE[props.tone];
  return <Status>{props.children}</Status>;
}
