const fs = require('node:fs');
const path = require('node:path');
const { startStack } = require('../stack');

const logFile = path.join(__dirname, 'screenshots', 'stack.log');

module.exports = async () => {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  const stack = await startStack({ log: line => log.write(`${line}\n`) });
  process.stdout.write(
    `\nStack up (logs in ${logFile}): fleet ${stack.timings.fleetMs} ms, backend ${stack.timings.backendMs} ms, frontend ${stack.timings.frontendMs} ms\n`,
  );
  process.env.FLEET_ADMIN_URL = stack.fleet.admin;
  globalThis.__SERVICE_NETWORK_STACK__ = stack;
};
