import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface ServingCertificate {
  cert: string;
  key: string;
  /** The certificate, base64-encoded, as kubeconfig `certificate-authority-data` and our `caData` take it. */
  caData: string;
}

/** selfsigned accepts a key pair at run time; its typings omit it. */
type GenerateOptions = Parameters<typeof selfsigned.generate>[1] & {
  keyPair: { privateKey: string; publicKey: string };
};

/**
 * A self-signed certificate for 127.0.0.1 and localhost that is its own CA,
 * so clients verify the simulated API servers as they verify real ones.
 */
export function generateServingCertificate(): ServingCertificate {
  // node:crypto makes the key natively; forge's pure-JS RSA would take seconds.
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const options: GenerateOptions = {
    days: 825,
    algorithm: 'sha256',
    keyPair: { privateKey: keys.privateKey, publicKey: keys.publicKey },
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  };
  const pems = selfsigned.generate([{ name: 'commonName', value: 'simulated-fleet' }], options);
  return { cert: pems.cert, key: keys.privateKey, caData: Buffer.from(pems.cert).toString('base64') };
}

/** Reuses the certificate kept in `dir` across runs, so configs that point at its CA file stay valid. */
export function loadOrCreateServingCertificate(dir: string): ServingCertificate {
  const certFile = path.join(dir, 'ca.crt');
  const keyFile = path.join(dir, 'server.key');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const cert = fs.readFileSync(certFile, 'utf8');
    return { cert, key: fs.readFileSync(keyFile, 'utf8'), caData: Buffer.from(cert).toString('base64') };
  }
  const generated = generateServingCertificate();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(certFile, generated.cert);
  fs.writeFileSync(keyFile, generated.key, { mode: 0o600 });
  return generated;
}
