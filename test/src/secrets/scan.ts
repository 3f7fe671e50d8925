/*
 * Finds credentials where none may be: answers, logs, audit events,
 * notifications. Two kinds: the fleet's own secrets, matched exactly (the
 * cluster tokens, the Lattice secret keys, the CA's private key), and
 * anything shaped like a private key or an AWS secret access key.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface KnownSecret {
  /** What it is, for the finding: `workload-1 backend token`. */
  name: string;
  value: string;
}

export interface SecretFinding {
  /** Where: a file, or `answer of GET /fleet`. */
  where: string;
  what: string;
  /** The line or text around it, with the secret itself masked. */
  excerpt: string;
}

const SHAPES: Array<{ what: string; pattern: RegExp }> = [
  { what: 'a PEM private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'an AWS secret access key', pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?(?!\*\*\*)[A-Za-z0-9/+=]{20,}/i },
];

/** The fleet's credentials, as its ready file and its state directory hold them. */
export function fleetSecrets(description: {
  clusters: Array<{ name: string; token: string; readOnlyToken?: string; backendToken?: string }>;
  lattice: { secretAccessKey: string; backendSecretAccessKey?: string };
  caFile?: string;
}): KnownSecret[] {
  const secrets: KnownSecret[] = [];
  for (const c of description.clusters) {
    secrets.push({ name: `${c.name} admin token`, value: c.token });
    if (c.readOnlyToken) secrets.push({ name: `${c.name} read-only token`, value: c.readOnlyToken });
    if (c.backendToken) secrets.push({ name: `${c.name} backend token`, value: c.backendToken });
  }
  secrets.push({ name: 'Lattice secret access key', value: description.lattice.secretAccessKey });
  if (description.lattice.backendSecretAccessKey) {
    secrets.push({ name: "the backend's Lattice secret access key", value: description.lattice.backendSecretAccessKey });
  }
  const keyFile = description.caFile && path.join(path.dirname(description.caFile), 'server.key');
  if (keyFile && fs.existsSync(keyFile)) {
    // One line of the key's body is enough to recognise it anywhere.
    const body = fs.readFileSync(keyFile, 'utf8').split('\n').filter(l => l && !l.startsWith('-----'));
    if (body[1]) secrets.push({ name: "the fleet CA's private key", value: body[1] });
  }
  return secrets.filter(s => s.value.length >= 8);
}

function mask(text: string, at: number, length: number): string {
  const from = Math.max(0, at - 60);
  return `${text.slice(from, at)}<redacted>${text.slice(at + length, at + length + 60)}`.replace(/\s+/g, ' ');
}

/** Every known secret and every credential-shaped string in `text`. */
export function findSecrets(text: string, where: string, secrets: readonly KnownSecret[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const secret of secrets) {
    const at = text.indexOf(secret.value);
    if (at >= 0) findings.push({ where, what: secret.name, excerpt: mask(text, at, secret.value.length) });
  }
  for (const shape of SHAPES) {
    const match = shape.pattern.exec(text);
    if (match) findings.push({ where, what: shape.what, excerpt: mask(text, match.index, match[0].length) });
  }
  return findings;
}

/** The same over files, such as a run's logs. */
export function findSecretsInFiles(files: readonly string[], secrets: readonly KnownSecret[]): SecretFinding[] {
  return files.flatMap(file => findSecrets(fs.readFileSync(file, 'utf8'), file, secrets));
}
