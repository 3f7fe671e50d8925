/*
 * Times in the words findings use: "2026-11-21 11:52 UTC (8 minutes ago)".
 */

export const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Every page view reads the same few hundred sync times; parsed once each. */
const parsed = new Map<string, number>();
const MAX_PARSED = 10_000;

function epochMs(iso: string): number {
  let ms = parsed.get(iso);
  if (ms === undefined) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    ms = new Date(iso).getTime();
    parsed.set(iso, ms);
  }
  return ms;
}

export function elapsedMs(since: string | undefined, now: Date): number {
  return since ? now.getTime() - epochMs(since) : 0;
}

const UNITS: Array<[number, string]> = [
  [DAY, 'day'],
  [HOUR, 'hour'],
  [MINUTE, 'minute'],
];

export function duration(ms: number): string {
  const [size, unit] = UNITS.find(([candidate]) => ms >= candidate) ?? [];
  if (!size) {
    return 'less than a minute';
  }
  const amount = Math.floor(ms / size);
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

export function describeTime(iso: string, now: Date): string {
  const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return `${stamp} (${duration(elapsedMs(iso, now))} ago)`;
}
