/*
 * Runs the access audit over the records of one or more test runs:
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs test/src/access/cli.ts test:unit=DIR test:e2e=DIR
 *
 * Every run must have recorded something (a run that wrote SKIPPED in its
 * directory is reported and left out), so the audit cannot pass on nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { audit, AuditReport } from './audit';
import { backendRoles, iamPolicy } from './deployFiles';
import { AccessRecord, readAccessRecords } from './records';

export const SKIPPED_MARKER = 'SKIPPED';

function collect(args: string[]): { records: AccessRecord[]; lines: string[]; problems: string[] } {
  const records: AccessRecord[] = [];
  const lines: string[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    const at = arg.indexOf('=');
    const [label, dir] = at < 0 ? [arg, arg] : [arg.slice(0, at), arg.slice(at + 1)];
    const skipped = path.join(dir, SKIPPED_MARKER);
    if (fs.existsSync(skipped)) {
      lines.push(`  ${label.padEnd(10)} skipped: ${fs.readFileSync(skipped, 'utf8').trim()}`);
      continue;
    }
    const run = readAccessRecords(dir);
    const backend = run.records.reduce((total, record) => total + record.count, 0);
    lines.push(`  ${label.padEnd(10)} ${run.files.length} fleets, ${backend} decisions on the backend's requests`);
    if (run.files.length === 0) problems.push(`${label}: no fleet wrote its records to ${dir}`);
    else if (backend === 0) problems.push(`${label}: the fleets saw no request by the backend's identities`);
    records.push(...run.records);
  }
  return { records, lines, problems };
}

function table(report: AuditReport): string[] {
  const kube = report.kubernetes.grants.map(
    g =>
      `  ${`${g.role} rule ${g.rule}`.padEnd(32)} ${g.verb.padEnd(7)} ${`${g.resource}${g.apiGroup ? `.${g.apiGroup}` : ''}`.padEnd(48)} ${g.uses}`,
  );
  const lattice = report.lattice.grants.map(g => `  ${g.action.padEnd(56)} ${g.uses}`);
  return [
    `Kubernetes (deploy/kubernetes): ${report.kubernetes.grants.length} grants, ${report.kubernetes.decisions} decisions, ${report.kubernetes.refused.length} refused`,
    `  ${'rule'.padEnd(32)} ${'verb'.padEnd(7)} ${'resource'.padEnd(48)} uses`,
    ...kube,
    `VPC Lattice (deploy/aws/iam-policy.json): ${report.lattice.grants.length} actions, ${report.lattice.requests} calls, ${report.lattice.refused.length} refused`,
    ...lattice,
  ];
}

function main(args: string[]): number {
  if (args.length === 0) {
    process.stderr.write('Usage: cli.ts LABEL=DIR [LABEL=DIR ...]\n');
    return 2;
  }
  const started = performance.now();
  const { records, lines, problems } = collect(args);
  const report = audit(records, { workload: backendRoles('workload'), config: backendRoles('config') }, iamPolicy());
  const all = [...problems, ...report.problems];
  process.stdout.write(
    [
      'Access audit: what the backend did against what deploy/ grants it',
      ...lines,
      ...table(report),
      all.length
        ? `FAILED (${all.length}):\n${all.map(problem => `  - ${problem}`).join('\n')}`
        : `PASSED: nothing refused, every grant used (${Math.round(performance.now() - started)} ms)`,
      '',
    ].join('\n'),
  );
  return all.length ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
