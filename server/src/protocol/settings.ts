/**
 * The editor settings (`lbDrift.*`), as one type. The server pulls them per resource with
 * `workspace/configuration` and normalises them once here; package.json's
 * `contributes.configuration` lists exactly these keys (a test holds the two together).
 */
export type SeveritySetting = 'error' | 'warning' | 'info' | 'hint' | 'off';

export interface RuleSettings {
  readonly severity?: SeveritySetting;
  readonly options?: Readonly<Record<string, number | boolean | string>>;
}

export interface Settings {
  /** Turns all lb-drift diagnostics off for a resource. */
  readonly enable: boolean;
  /** Per-rule severity and options, by rule id. */
  readonly rules: Readonly<Record<string, RuleSettings>>;
  /** Extra glob patterns of files to read as each dialect. */
  readonly files: { readonly nginx: readonly string[]; readonly haproxy: readonly string[]; readonly kubernetes: readonly string[] };
  /**
   * Whether the editor may switch a document it opened as Properties, Plain Text or INI to
   * nginx or HAProxy when lb-drift's sniffer reads it as one (`conf.d/cdn.conf`, `lb.cfg`).
   */
  readonly detectLanguage: boolean;
  /** The directory nginx resolves relative includes from ('' = the analysed file's folder). */
  readonly nginx: { readonly prefix: string };
  /** Inline hints: each member's predicted share, and each pool's algorithm and member count. */
  readonly inlayHints: { readonly shares: boolean; readonly pools: boolean };
  /** The last known stable revision: a git revision, or `auto` (newest stable tag, upstream, HEAD). */
  readonly stableRef: string;
  /** The tags `auto` looks for, newest first. */
  readonly stableTagPattern: string;
  /** Whether lb-drift may run git at all (drift, compare-to-stable, mark stable). */
  readonly git: { readonly enabled: boolean };
  /** Files larger than this many megabytes get one message and only cheap features. */
  readonly maxFileSize: number;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  files: { nginx: [], haproxy: [], kubernetes: [] },
  detectLanguage: true,
  nginx: { prefix: '' },
  inlayHints: { shares: true, pools: true },
  stableRef: 'auto',
  stableTagPattern: 'lb-stable*',
  git: { enabled: true },
  maxFileSize: 5,
};

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Accepts whatever the client sent (possibly nothing, possibly malformed) and returns valid settings. */
export function normaliseSettings(raw: unknown): Settings {
  const value = isObject(raw) ? raw : {};
  const files = isObject(value.files) ? value.files : {};
  const nginx = isObject(value.nginx) ? value.nginx : {};
  const hints = isObject(value.inlayHints) ? value.inlayHints : {};
  const git = isObject(value.git) ? value.git : {};
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    rules: normaliseRules(value.rules),
    files: { nginx: stringArray(files.nginx), haproxy: stringArray(files.haproxy), kubernetes: stringArray(files.kubernetes) },
    detectLanguage: typeof value.detectLanguage === 'boolean' ? value.detectLanguage : DEFAULT_SETTINGS.detectLanguage,
    nginx: { prefix: typeof nginx.prefix === 'string' ? nginx.prefix : DEFAULT_SETTINGS.nginx.prefix },
    inlayHints: {
      shares: typeof hints.shares === 'boolean' ? hints.shares : DEFAULT_SETTINGS.inlayHints.shares,
      pools: typeof hints.pools === 'boolean' ? hints.pools : DEFAULT_SETTINGS.inlayHints.pools,
    },
    stableRef: nonEmptyString(value.stableRef) ?? DEFAULT_SETTINGS.stableRef,
    stableTagPattern: nonEmptyString(value.stableTagPattern) ?? DEFAULT_SETTINGS.stableTagPattern,
    git: { enabled: typeof git.enabled === 'boolean' ? git.enabled : DEFAULT_SETTINGS.git.enabled },
    maxFileSize: positiveNumber(value.maxFileSize) ?? DEFAULT_SETTINGS.maxFileSize,
  };
}

function normaliseRules(raw: unknown): Record<string, RuleSettings> {
  const out: Record<string, RuleSettings> = {};
  if (!isObject(raw)) return out;
  for (const [id, setting] of Object.entries(raw)) {
    // A bare severity string is accepted as shorthand: "weight-skew": "off".
    if (typeof setting === 'string' && SEVERITIES.includes(setting as SeveritySetting)) {
      out[id] = { severity: setting as SeveritySetting };
      continue;
    }
    if (!isObject(setting)) continue;
    const severity = SEVERITIES.includes(setting.severity as SeveritySetting) ? (setting.severity as SeveritySetting) : undefined;
    const options: Record<string, number | boolean | string> = {};
    if (isObject(setting.options)) {
      for (const [name, option] of Object.entries(setting.options)) {
        if (typeof option === 'number' || typeof option === 'boolean' || typeof option === 'string') options[name] = option;
      }
    }
    out[id] = { ...(severity ? { severity } : {}), ...(Object.keys(options).length > 0 ? { options } : {}) };
  }
  return out;
}

function nonEmptyString(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

function positiveNumber(raw: unknown): number | undefined {
  return typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : undefined;
}

function stringArray(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

function isObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}
