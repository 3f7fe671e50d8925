const fs = require('node:fs');
const path = require('node:path');

const logFile = path.join(__dirname, 'screenshots', 'stack.log');

/**
 * After the run, no credential of the fleet is in anything the backend or
 * the frontend logged (audit events included); the fleet's own lines print
 * its tokens on purpose and are left out.
 */
function checkForLeakedSecrets(fleet) {
  // The transform jest applies to this file applies to what it requires.
  const { findSecrets, fleetSecrets } = require('../src/secrets/scan');
  const secrets = fleetSecrets(fleet);
  const productLines = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(line => !line.startsWith('[fleet]'))
    .join('\n');
  const findings = findSecrets(productLines, logFile, secrets);
  if (findings.length) {
    throw new Error(`Credentials in the product's log:\n${findings.map(f => `- ${f.what}: …${f.excerpt}…`).join('\n')}`);
  }
  process.stdout.write(`No credential of the fleet (${secrets.length} checked) in the product's log\n`);
}

module.exports = async () => {
  const stack = globalThis.__SERVICE_NETWORK_STACK__;
  await stack?.stop();
  if (stack && fs.existsSync(logFile)) checkForLeakedSecrets(stack.fleet);
};
