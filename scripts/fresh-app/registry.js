/*
 * An npm registry on loopback for the packed tarballs, so the README's
 * `npm install @service-network/...` commands run unchanged, as against
 * npmjs.com after a release. It answers only our scope; the app's .npmrc
 * sends the rest to the ordinary registry.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

/** Starts the registry for every .tgz in `dir`; resolves to `{ url, close }`. */
async function startRegistry(dir) {
  const tarballs = fs.readdirSync(dir).filter(file => file.endsWith('.tgz'));
  const packuments = new Map();
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(req.url.slice(1));
    if (packuments.has(name)) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
      return res.end(JSON.stringify(packuments.get(name)));
    }
    const tarball = req.url.match(/^\/-\/([\w.-]+\.tgz)$/);
    if (tarball && tarballs.includes(tarball[1])) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return fs.createReadStream(path.join(dir, tarball[1])).pipe(res);
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ error: `not found: ${name}` }));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;

  for (const file of tarballs) {
    const bytes = fs.readFileSync(path.join(dir, file));
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', path.join(dir, file), 'package/package.json'], { encoding: 'utf8' }),
    );
    packuments.set(manifest.name, {
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: {
        [manifest.version]: {
          ...manifest,
          _id: `${manifest.name}@${manifest.version}`,
          dist: {
            tarball: `${url}-/${file}`,
            integrity: `sha512-${crypto.createHash('sha512').update(bytes).digest('base64')}`,
            shasum: crypto.createHash('sha1').update(bytes).digest('hex'),
          },
        },
      },
    });
  }
  return { url, close: () => new Promise(resolve => server.close(resolve)) };
}

module.exports = { startRegistry };
