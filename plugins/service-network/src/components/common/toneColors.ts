import { useTheme } from '@material-ui/core/styles';
import { Tone } from './tones';

/** The theme's status colours by tone; pending uses the theme's "running" blue, which reads on white. */
export function useToneColors(): Record<Tone, string> {
  const { status } = useTheme().palette;
  return {
    ok: status.ok,
    warning: status.warning,
    error: status.error,
    pending: status.running,
    neutral: status.aborted,
  };
}
