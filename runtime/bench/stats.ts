// Small helpers shared by the runtime benchmark: percentiles, options, formatting.

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Milliseconds with three significant digits (0.0123 → 0.0123, 12.345 → 12.3). */
export const ms = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(3)) : x);
export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const ratio = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);

/** p50/p95 (ms) of each named latency series. */
export function latencySummary(
  series: Record<string, number[]>,
): Record<string, { p50: number; p95: number; n: number }> {
  const out: Record<string, { p50: number; p95: number; n: number }> = {};
  for (const [name, xs] of Object.entries(series))
    out[name] = { p50: ms(percentile(xs, 50)), p95: ms(percentile(xs, 95)), n: xs.length };
  return out;
}

export function numberOption(flag: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} / ${env} must be a non-negative number, got ${raw}`);
  return n;
}

export function intOption(flag: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} / ${env} must be a non-negative integer, got ${raw}`);
  return n;
}

export function stringOption(flag: string, env: string, fallback: string): string {
  const i = process.argv.indexOf(flag);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  return raw === undefined || raw === '' ? fallback : raw;
}

/** Runs `body` on `concurrency` parallel lanes until `seconds` have passed; returns the iterations done and the time taken. */
export async function lanesFor(
  seconds: number,
  concurrency: number,
  body: () => Promise<void>,
): Promise<{ count: number; seconds: number }> {
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let count = 0;
  const lane = async () => {
    while (performance.now() < end) {
      await body();
      count++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { count, seconds: (performance.now() - t0) / 1000 };
}

/** Runs `body` on `concurrency` parallel lanes until `total` iterations have been taken. */
export async function lanes(total: number, concurrency: number, body: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < total) await body(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, lane));
}
