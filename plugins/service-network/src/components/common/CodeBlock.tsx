import { KubeObjectManifest } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { stringify } from 'yaml';

const useStyles = makeStyles(theme => ({
  code: {
    margin: 0,
    padding: theme.spacing(1, 1.5),
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    lineHeight: 1.5,
    overflowX: 'auto',
    whiteSpace: 'pre',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  added: { color: theme.palette.success.dark },
  removed: { color: theme.palette.error.dark },
}));

/** Preformatted text, such as a YAML manifest. */
export function CodeBlock(props: { text: string; label?: string }) {
  const classes = useStyles();
  return (
    <Box component="pre" className={classes.code} aria-label={props.label}>
      <code>{props.text}</code>
    </Box>
  );
}

/** Diff text, with added (`+`) lines green and removed (`-`) lines red. */
export function DiffBlock(props: { text: string; label?: string }) {
  const classes = useStyles();
  const classOf = (line: string) => {
    const marker = line.trimStart()[0];
    if (marker === '+') return classes.added;
    if (marker === '-') return classes.removed;
    return undefined;
  };
  return (
    <Box component="pre" className={classes.code} aria-label={props.label}>
      {props.text.split('\n').map((line, index) => (
        <div key={index} className={classOf(line)}>
          {line}
        </div>
      ))}
    </Box>
  );
}

/** `Kind namespace/name` of an object. */
export function objectName(object: KubeObjectManifest): string {
  const { kind, metadata } = object;
  return `${kind} ${metadata.namespace ? `${metadata.namespace}/` : ''}${
    metadata.name
  }`;
}

/** A Kubernetes object as the YAML kubectl would take. */
export function ObjectYaml(props: { object: KubeObjectManifest }) {
  return (
    <CodeBlock
      text={stringify(props.object)}
      label={objectName(props.object)}
    />
  );
}
