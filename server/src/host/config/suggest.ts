/**
 * "Did you mean" for names in a config file: rule ids, keys, option names, enum values.
 */
import { editDistance } from '../../core/text';

/** The candidate the person most likely meant, or undefined when none is close. */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  // Same name in another case or separator style: weightSkew, weight_skew, Weight-Skew.
  const folded = fold(name);
  const sameFolded = candidates.find((candidate) => fold(candidate) === folded);
  if (sameFolded) return sameFolded;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  // A shortened or partial name (warn, skew) names one candidate when exactly one contains it.
  if (folded.length < 3) return undefined;
  const containing = candidates.filter((candidate) => fold(candidate).includes(folded));
  return containing.length === 1 ? containing[0] : undefined;
}

/** `"a", "b" or "c"`-style lists for messages. */
export function orList(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export function andList(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

function fold(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}
