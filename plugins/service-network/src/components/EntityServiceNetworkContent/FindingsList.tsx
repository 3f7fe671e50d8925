import { InfoCard } from '@backstage/core-components';
import {
  Finding,
  FindingSeverity,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Worst first, keeping the backend's order within a severity. */
function worstFirst(findings: Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        RANK[a.finding.severity] - RANK[b.finding.severity] ||
        a.index - b.index,
    )
    .map(entry => entry.finding);
}

function count(findings: Finding[], severity: FindingSeverity, noun: string) {
  const amount = findings.filter(f => f.severity === severity).length;
  return amount > 0 ? [`${amount} ${noun}${amount === 1 ? '' : 's'}`] : [];
}

/** The cluster a finding is about, or how many, all named on hover. */
function ClusterChip(props: { finding: Finding }) {
  const { cluster, clusters } = props.finding;
  const label = clusters ? `${clusters.length} clusters` : cluster;
  if (!label) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      label={label}
      title={clusters?.join(', ')}
      style={{ marginLeft: 8 }}
    />
  );
}

/** What is wrong and what to do, worst first. */
export function FindingsList(props: { findings: Finding[] }) {
  const findings = worstFirst(props.findings);
  const counts = [
    ...count(findings, 'error', 'error'),
    ...count(findings, 'warning', 'warning'),
    ...count(findings, 'info', 'note'),
  ];
  return (
    <InfoCard
      title="Findings"
      subheader={counts.length > 0 ? counts.join(', ') : undefined}
    >
      {findings.length === 0 ? (
        <Alert severity="success">Nothing needs attention.</Alert>
      ) : (
        <ul
          aria-label="Findings"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {findings.map((finding, index) => (
            <Box component="li" key={index} mb={1}>
              <Alert
                severity={finding.severity}
                aria-label={`${finding.severity}: ${finding.title}`}
              >
                <AlertTitle>
                  {finding.title}
                  <ClusterChip finding={finding} />
                </AlertTitle>
                <Typography variant="body2">{finding.detail}</Typography>
                <Typography variant="body2" style={{ marginTop: 4 }}>
                  <strong>What to do: </strong>
                  {finding.action}
                </Typography>
              </Alert>
            </Box>
          ))}
        </ul>
      )}
    </InfoCard>
  );
}
