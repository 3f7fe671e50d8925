import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { alpha } from '@material-ui/core/styles';
import FiberManualRecord from '@material-ui/icons/FiberManualRecord';
import { Tone } from './tones';
import { useToneColors } from './toneColors';

/**
 * A small coloured chip, e.g. "workload-1: healthy", whose tooltip says why.
 */
export function StateChip(props: {
  tone: Tone;
  label: string;
  reason: string;
}) {
  const color = useToneColors()[props.tone];
  return (
    <Tooltip title={props.reason}>
      <Chip
        component="li"
        size="small"
        variant="outlined"
        label={props.label}
        aria-label={`${props.label}: ${props.reason}`}
        icon={<FiberManualRecord style={{ color }} />}
        style={{ borderColor: color, backgroundColor: alpha(color, 0.08) }}
      />
    </Tooltip>
  );
}
