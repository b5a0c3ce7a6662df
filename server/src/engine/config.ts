/**
 * How a rule is configured for one analysis: its severity (or off) and its option values, after
 * project config and editor settings have been merged by the caller.
 */
import type { Severity } from '../core/finding';
import type { OptionValues, RuleMeta } from '../core/rule';

export interface RuleSetting {
  readonly severity?: Severity | 'off';
  readonly options?: OptionValues;
}

export interface EngineConfig {
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = { rules: {} };

export function effectiveSeverity(meta: RuleMeta, config: EngineConfig): Severity | 'off' {
  if (meta.essential) return meta.severity;
  return config.rules[meta.id]?.severity ?? meta.severity;
}

export function effectiveOptions(meta: RuleMeta, config: EngineConfig): OptionValues {
  const values: Record<string, number | boolean | string> = {};
  for (const [name, spec] of Object.entries(meta.options)) values[name] = spec.default;
  const configured = config.rules[meta.id]?.options ?? {};
  for (const [name, value] of Object.entries(configured)) {
    const spec = meta.options[name];
    if (spec && typeof value === spec.type) values[name] = value;
  }
  return values;
}
