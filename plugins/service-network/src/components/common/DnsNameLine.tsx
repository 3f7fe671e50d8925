import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DnsName } from './dnsNames';
import { StatusLabel } from './StatusLabel';

/** A DNS name to copy, with where it comes from and whether Lattice agrees. */
export function DnsNameLine(props: { entry: DnsName; showSource?: boolean }) {
  const { entry } = props;
  return (
    <Box mb={1}>
      {entry.name ? (
        <Box display="flex" alignItems="center">
          <Typography
            variant="body2"
            component="code"
            style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
          >
            {entry.name}
          </Typography>
          <CopyTextButton
            text={entry.name}
            aria-label={`Copy ${entry.name}`}
            tooltipText="Copied"
            variant="tertiary"
          />
        </Box>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No DNS name
        </Typography>
      )}
      <Typography variant="caption" component="div" color="textSecondary">
        <StatusLabel tone={entry.tone}>
          {props.showSource ? `${entry.source}: ${entry.check}` : entry.check}
        </StatusLabel>
      </Typography>
    </Box>
  );
}
