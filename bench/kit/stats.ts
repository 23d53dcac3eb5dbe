/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
}

/** The p-th percentile of already sorted values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** `1,234` */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');
/** Milliseconds as `840 ms` or `2.31 s`. */
export const duration = (ms: number): string => (ms < 1_000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1_000).toFixed(2)} s`);
/** Bytes as `84.2 MB`. */
export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Milliseconds since `since` (performance.now()). */
export const elapsed = (since: number): number => performance.now() - since;
