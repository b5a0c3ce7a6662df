/**
 * Number formatting shared by messages, hovers and CLI tables, so the same share reads the same
 * everywhere.
 */

/** A fraction as a percentage: whole percent from 10% up, one decimal below, `<0.1%` for slivers. */
export function percent(fraction: number): string {
  const value = fraction * 100;
  if (value === 0) return '0%';
  if (value < 0.1) return '<0.1%';
  if (value < 10 && Math.abs(value - Math.round(value)) >= 0.05) return `${value.toFixed(1)}%`;
  return `${Math.round(value)}%`;
}

/** A fraction as a percentage with one decimal, for tables where digits must line up. */
export function percentFixed(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** What one unit of a pool's traffic is, by algorithm: requests, keys or client networks. */
export function trafficUnit(algorithm: string): string {
  switch (algorithm) {
    case 'hash':
    case 'consistent-hash':
    case 'uri-hash':
    case 'header-hash':
    case 'ring-hash':
    case 'maglev':
      return 'keys';
    case 'ip-hash':
    case 'source-hash':
      return 'client networks';
    default:
      return 'requests';
  }
}
