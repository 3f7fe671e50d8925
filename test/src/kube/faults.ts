/*
 * Fault injection for one simulated cluster: added latency, a share of requests
 * failing with 500/503, the cluster going unreachable (connections reset) and
 * open watches being cut. Users set plain properties (`faults.latencyMs = 200`);
 * the server consults the FaultInjector on every connection and request.
 */
import type { Socket } from 'node:net';
import { internalError, KubeApiError, serviceUnavailable } from './errors';

export interface FaultSnapshot {
  latencyMs: number;
  errorRate: number;
  writeErrorRate: number;
  unreachable: boolean;
  openConnections: number;
  openWatches: number;
  /** Resumed watches still to be answered with 410 Gone after expireWatches(). */
  expiringWatches: number;
}

export interface ClusterFaults {
  /** Added to every request before it is answered. */
  latencyMs: number;
  /** Share of requests (0..1) answered with a 500 or 503 Status. */
  errorRate: number;
  /**
   * Share of writes that would store something (dry runs are spared)
   * answered with a 500 or 503: the cluster failing between a dry run and
   * the write it checked.
   */
  writeErrorRate: number;
  /** While true, new connections are reset at once and existing ones were cut when it was set. */
  unreachable: boolean;
  /** Ends every open watch stream now, as an API server or a proxy does; answers how many. */
  dropWatches(): number;
  /**
   * Ends every open watch stream and answers as many of the watches resumed
   * next (from a resourceVersion) with 410 Gone, as after a compaction of
   * the server's history; answers how many.
   */
  expireWatches(): number;
  /** Back to a healthy cluster. */
  reset(): void;
  snapshot(): FaultSnapshot;
}

function checkRange(name: string, value: number, max = Infinity): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < 0 ||
    value > max
  ) {
    throw new RangeError(`${name} must be a number between 0 and ${max}`);
  }
  return value;
}

export class FaultInjector implements ClusterFaults {
  private latency = 0;
  private failureShare = 0;
  private writeFailureShare = 0;
  private cut = false;
  private readonly connections = new Set<Socket>();
  private readonly watches = new Set<() => void>();
  private expiringWatches = 0;

  get latencyMs(): number {
    return this.latency;
  }

  set latencyMs(value: number) {
    this.latency = checkRange('latencyMs', value);
  }

  get errorRate(): number {
    return this.failureShare;
  }

  set errorRate(value: number) {
    this.failureShare = checkRange('errorRate', value, 1);
  }

  get writeErrorRate(): number {
    return this.writeFailureShare;
  }

  set writeErrorRate(value: number) {
    this.writeFailureShare = checkRange('writeErrorRate', value, 1);
  }

  get unreachable(): boolean {
    return this.cut;
  }

  set unreachable(value: boolean) {
    this.cut = Boolean(value);
    if (this.cut) {
      for (const socket of this.connections) socket.destroy();
      this.connections.clear();
    }
  }

  dropWatches(): number {
    const open = [...this.watches];
    this.watches.clear();
    for (const end of open) end();
    return open.length;
  }

  expireWatches(): number {
    const dropped = this.dropWatches();
    this.expiringWatches += dropped;
    return dropped;
  }

  /** Whether this resumed watch is one an expiry must answer with 410 Gone. */
  takeExpiredWatch(): boolean {
    if (this.expiringWatches === 0) return false;
    this.expiringWatches -= 1;
    return true;
  }

  reset(): void {
    this.expiringWatches = 0;
    this.latency = 0;
    this.failureShare = 0;
    this.writeFailureShare = 0;
    this.cut = false;
  }

  snapshot(): FaultSnapshot {
    return {
      latencyMs: this.latency,
      errorRate: this.failureShare,
      writeErrorRate: this.writeFailureShare,
      unreachable: this.cut,
      openConnections: this.connections.size,
      openWatches: this.watches.size,
      expiringWatches: this.expiringWatches,
    };
  }

  /** Admits a new connection, or resets it while the cluster is unreachable. */
  admitConnection(socket: Socket): void {
    if (this.cut) {
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
  }

  /** Registers an open watch and how to end it; returns the deregistration. */
  trackWatch(end: () => void): () => void {
    this.watches.add(end);
    return () => {
      this.watches.delete(end);
    };
  }

  async delay(): Promise<void> {
    if (this.latency > 0)
      await new Promise(resolve => setTimeout(resolve, this.latency));
  }

  /** The injected failure for this request, if it is one of the unlucky ones. */
  injectedFailure(): KubeApiError | undefined {
    return failureAt(this.failureShare);
  }

  /** The injected failure for a write that would store something, if it is one of the unlucky ones. */
  injectedWriteFailure(): KubeApiError | undefined {
    return failureAt(this.writeFailureShare);
  }
}

function failureAt(share: number): KubeApiError | undefined {
  if (share === 0 || Math.random() >= share) return undefined;
  return Math.random() < 0.5
      ? internalError('injected fault')
      : serviceUnavailable(
          'the server is currently unable to handle the request',
        );
}
