/*
 * The README's install steps, read from the README itself: every
 * `<!-- fresh-app: ... -->` comment and the fenced block it marks, in order.
 *
 *   create                         a shell snippet run in the parent directory (it makes ./backstage)
 *   run                            a shell snippet run in the app
 *   insert FILE before "LINE"      the block goes into FILE above the line LINE
 *   delete FILE                    the block's text is taken out of FILE (it must be there)
 *   copy SOURCE to TARGET          a file of this repository copied into the app (no block)
 *   merge FILE                     the YAML block merged into FILE (maps merged, lists appended)
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const DIRECTIVE = /^<!-- fresh-app: (.+) -->$/;
const TAKES_BLOCK = new Set(['create', 'run', 'insert', 'delete', 'merge']);

/** The steps in README order, each with the text of its block. */
function readSteps(readme) {
  const lines = fs.readFileSync(readme, 'utf8').split('\n');
  const steps = [];
  const waiting = [];
  for (let i = 0; i < lines.length; i++) {
    const directive = lines[i].match(DIRECTIVE);
    if (directive) {
      const step = parseDirective(directive[1], i + 1);
      steps.push(step);
      if (TAKES_BLOCK.has(step.kind)) waiting.push(step);
      continue;
    }
    const fence = lines[i].match(/^```(\w*)$/);
    if (!fence || !fence[1]) continue;
    const end = lines.findIndex((line, j) => j > i && line === '```');
    if (end < 0) throw new Error(`README line ${i + 1}: the block never closes`);
    const step = waiting.shift();
    if (step) step.block = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  const unbound = steps.find(step => TAKES_BLOCK.has(step.kind) && step.block === undefined);
  if (unbound) throw new Error(`README line ${unbound.line}: "${unbound.text}" marks no block`);
  return steps;
}

function parseDirective(text, line) {
  const [kind] = text.split(' ');
  let match;
  if (kind === 'create' || kind === 'run') return { kind, text, line };
  if (kind === 'insert' && (match = text.match(/^insert (\S+) before "(.+)"$/))) {
    return { kind, text, line, file: match[1], anchor: match[2] };
  }
  if ((kind === 'delete' || kind === 'merge') && (match = text.match(/^\w+ (\S+)$/))) {
    return { kind, text, line, file: match[1] };
  }
  if (kind === 'copy' && (match = text.match(/^copy (\S+) to (\S+)$/))) {
    return { kind, text, line, source: match[1], target: match[2] };
  }
  throw new Error(`README line ${line}: cannot read "fresh-app: ${text}"`);
}

/** Maps merged key by key, lists appended, anything else replaced: what adding a snippet to a config file means. */
function mergeConfig(into, from) {
  if (Array.isArray(into) && Array.isArray(from)) return [...into, ...from];
  if (isMap(into) && isMap(from)) {
    const merged = { ...into };
    for (const [key, value] of Object.entries(from)) {
      merged[key] = key in merged ? mergeConfig(merged[key], value) : value;
    }
    return merged;
  }
  return from;
}

function isMap(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mergeYamlFile(file, snippet) {
  const current = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  fs.writeFileSync(file, YAML.stringify(mergeConfig(current, YAML.parse(snippet))));
}

/**
 * Applies one step. `shell(script, cwd)` runs a snippet; `repo` is this
 * repository, `parent` the directory the app is created in, `app` the app.
 */
async function applyStep(step, { repo, parent, app, shell }) {
  const file = step.file && path.join(app, step.file);
  switch (step.kind) {
    case 'create':
      return shell(step.block, parent);
    case 'run':
      return shell(step.block, app);
    case 'insert': {
      const text = fs.readFileSync(file, 'utf8');
      const at = text.split('\n').findIndex(line => line.trim() === step.anchor);
      if (at < 0) throw new Error(`${step.file} has no line "${step.anchor}" (README line ${step.line})`);
      const lines = text.split('\n');
      lines.splice(at, 0, step.block, '');
      return fs.writeFileSync(file, lines.join('\n'));
    }
    case 'delete': {
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes(step.block)) {
        throw new Error(`${step.file} does not contain the block of README line ${step.line}:\n${step.block}`);
      }
      return fs.writeFileSync(file, text.replace(`${step.block}\n`, ''));
    }
    case 'copy':
      return fs.copyFileSync(path.join(repo, step.source), path.join(app, step.target));
    case 'merge':
      return mergeYamlFile(file, step.block);
    default:
      throw new Error(`unknown step ${step.kind}`);
  }
}

module.exports = { readSteps, applyStep, mergeYamlFile };
