/**
 * nginx time values (`10s`, `1m30s`, `500ms`, `9999m`, plain seconds) as seconds, and durations
 * worded for messages. Member limits keep their text as written; rules that compare or judge them
 * read them through here.
 */

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };

/** Parsed values by text: a large config repeats the same few values thousands of times. */
const parsed = new Map<string, number>();

/** nginx time syntax in seconds. */
export function nginxSeconds(text: string): number {
  let total = parsed.get(text);
  if (total === undefined) {
    total = 0;
    for (const [, n, unit] of text.matchAll(/(\d+)(ms|s|m|h|d|w|M|y)?/g)) total += Number(n) * UNIT_SECONDS[unit ?? 's']!;
    if (parsed.size < 1024) parsed.set(text, total);
  }
  return total;
}

/** A duration as people say it: `10s`, `2m`, `1.5 hours`, `6.9 days`. */
export function durationText(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  if (seconds < 3600) return seconds % 60 === 0 ? `${seconds / 60}m` : `${Number((seconds / 60).toFixed(1))} minutes`;
  if (seconds < 86400) return plural(seconds / 3600, 'hour');
  return plural(seconds / 86400, 'day');
}

function plural(value: number, unit: string): string {
  const rounded = Number(value.toFixed(1));
  return `${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
}
