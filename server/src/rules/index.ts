/**
 * Every rule, sorted by id. A rule missing here, or here without docs and fixtures, fails the
 * catalog test.
 */
import type { Rule } from '../core/rule';
import includeError from './include-error';
import syntaxError from './syntax-error';
import weightSkew from './weight-skew';

export const RULES: readonly Rule[] = [includeError, syntaxError, weightSkew];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
