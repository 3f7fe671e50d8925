const config = require('@backstage/cli/config/eslint-factory')(__dirname);

// Status composition and the inventories build objects per page view and
// per listed item: there, `{ ...object, more }` takes a slow path in V8
// (Node 20), 1 to 5 µs an object and a larger object (measured in the
// fleet-scale benchmark). Spread last, or name the fields.
const [level, ...restricted] = config.rules['no-restricted-syntax'];
config.overrides.push({
  files: ['src/status/**', 'src/lattice/**', 'src/inventory/**'],
  excludedFiles: ['**/*.test.ts', '**/__fixtures__/**', '**/__testUtils__/**'],
  rules: {
    'no-restricted-syntax': [
      level,
      ...restricted,
      {
        selector: 'ObjectExpression > SpreadElement:first-child + Property',
        message:
          'A spread ahead of more properties is slow in V8 on hot paths: spread last, or name the fields.',
      },
    ],
  },
});

module.exports = config;
