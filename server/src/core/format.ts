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

/**
 * Several fractions that one message puts side by side, at one precision: when any of them needs
 * a decimal (`8.3%`), all get one (`33.3% -> 8.3%`, never `33% -> 8.3%`). `0%` and `<0.1%` stay.
 */
export function percents(...fractions: number[]): string[] {
  const decimal = fractions.some((f) => f * 100 >= 0.1 && percent(f).includes('.'));
  return fractions.map((f) => (decimal && f * 100 >= 0.1 ? `${(f * 100).toFixed(1)}%` : percent(f)));
}

/** Ends a message as a sentence: with a period, unless it already ends with `.`, `?` or `!`. */
export function asSentence(message: string): string {
  const trimmed = message.trimEnd();
  // The last character read directly: a regular expression anchored at the end tries every
  // position of the message, and findings run to hundreds of characters.
  const last = trimmed.charCodeAt(trimmed.length - 1);
  return last === 46 /* . */ || last === 63 /* ? */ || last === 33 /* ! */ ? trimmed : `${trimmed}.`;
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
