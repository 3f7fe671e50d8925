import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetSecrets, findSecrets } from './scan';

describe('the secrets scan', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-scan-'));
  const caFile = path.join(dir, 'ca.crt');
  fs.writeFileSync(path.join(dir, 'server.key'), '-----BEGIN PRIVATE KEY-----\nAAAAline1\nBBBBBBBBBBBBBBBBline2\n-----END PRIVATE KEY-----\n');
  const secrets = fleetSecrets({
    clusters: [{ name: 'workload-1', token: 'workload-1-admin-token', backendToken: 'workload-1-backstage-token' }],
    lattice: { secretAccessKey: 'fleet-simulator-secret-access-key' },
    caFile,
  });

  it('finds the fleet credentials and masks them in the excerpt', () => {
    const findings = findSecrets('{"auth":"Bearer workload-1-backstage-token"}', 'an answer', secrets);
    expect(findings).toEqual([
      { where: 'an answer', what: 'workload-1 backend token', excerpt: '{"auth":"Bearer <redacted>"}' },
    ]);
    expect(findSecrets('key BBBBBBBBBBBBBBBBline2 leaked', 'log', secrets).map(f => f.what)).toEqual([
      "the fleet CA's private key",
    ]);
  });

  it('finds anything shaped like a private key or an AWS secret, but not a redacted one', () => {
    const text = 'x -----BEGIN RSA PRIVATE KEY----- y aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(findSecrets(text, 'log', []).map(f => f.what)).toEqual(['a PEM private key', 'an AWS secret access key']);
    expect(findSecrets('secretAccessKey: "***"', 'log', [])).toEqual([]);
    expect(findSecrets('aws_secret_access_key=***', 'log', [])).toEqual([]);
  });
});
