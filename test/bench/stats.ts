/*
 * Small statistics for the benchmark: latency percentiles and a sample of
 * entities that is the same on every run of the same size.
 */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles, rounded to 0.1 ms. */
export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) throw new Error('No samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1]) };
}

export function median(values: readonly number[]): number {
  return percentiles(values).p50;
}

/**
 * `count` distinct indexes below `population`, spread by a fixed-seed
 * generator (mulberry32): every run of one size measures the same entities,
 * and the sample mixes services with and without routes.
 */
export function sampleIndexes(count: number, population: number, seed = 0x5eed): number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const indexes = Array.from({ length: population }, (_, i) => i);
  const take = Math.min(count, population);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (population - i));
    [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
  }
  return indexes.slice(0, take);
}
