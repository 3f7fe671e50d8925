/*
 * What the run did and saw, kept for the checker and the report: every
 * answer's timing under the faults active at the time, the exports users
 * asked for, the route requests they created and the decisions they sent.
 */
import type { Answer } from './client';

export interface ExportOp {
  service: string;
  op: 'export' | 'unexport';
  clusters: string[];
  replica: string;
  at: number;
  status: number;
  /** Per cluster, as the answer reported it; empty when there was no readable answer. */
  outcomes: Array<{ cluster: string; outcome: string }>;
}

export type Fate = 'approve' | 'reject' | 'cancel' | 'expire';

export interface DecisionOp {
  id: string;
  action: 'approve' | 'reject' | 'cancel' | 'retry';
  /** The statuses of the calls sent at once, one per replica. */
  statuses: number[];
  at: number;
}

export class Journal {
  readonly startedAt = performance.now();
  /** Status page answers (ms) by the faults active when they were asked. */
  readonly statusTimes = new Map<string, number[]>();
  readonly operations = new Map<string, number>();
  readonly exports: ExportOp[] = [];
  /** Route requests a create answered 201 for: id, route name, who was told. */
  readonly created = new Map<string, { routeName: string; fate: Fate; at: number }>();
  readonly decisions: DecisionOp[] = [];
  /** Every answer's text, for the secrets scan. */
  readonly answers: string[] = [];
  private phase = 'no fault';

  setPhase(label: string): void {
    this.phase = label;
  }

  get currentPhase(): string {
    return this.phase;
  }

  count(operation: string, answer?: Answer): void {
    const key = answer ? `${operation} ${answer.status === 0 ? 'no answer' : answer.status}` : operation;
    this.operations.set(key, (this.operations.get(key) ?? 0) + 1);
  }

  statusAnswered(answer: Answer): void {
    if (answer.status !== 200) return;
    const times = this.statusTimes.get(this.phase) ?? [];
    times.push(answer.ms);
    this.statusTimes.set(this.phase, times);
  }

  /** Milliseconds since the run started. */
  now(): number {
    return performance.now() - this.startedAt;
  }
}
