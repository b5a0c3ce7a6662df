/**
 * Settings by the pull model: asked of the client per resource the first time a document needs
 * them, merged over the project config (`.lb-drift.yaml`) that applies to the resource, and
 * cached until the client says the configuration changed or a project config file changes.
 */
import type { Connection } from 'vscode-languageserver/node';
import { mergeWithEditorSettings } from '../engine/project-config';
import { findProjectConfig, type ProjectConfigResult } from '../host/project-config';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from '../protocol/settings';
import { uriToPath } from './uris';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Whether the client answers `workspace/configuration`. */
  pullSupported = false;
  /**
   * Settings a client without the pull model pushed in `workspace/didChangeConfiguration`
   * (Neovim 0.7 does this); used for every resource until the next push.
   */
  private pushed: Settings = DEFAULT_SETTINGS;
  /**
   * Set by `initializationOptions: { lbDrift: { git: { enabled: false } } }`: no git for the
   * whole session, whatever a later push or pull says (a workspace's own settings cannot turn it
   * back on). For editors that cannot tell the server about workspace trust any other way.
   */
  private gitOffForSession = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<Settings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      const editor = this.pullSupported
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'lbDrift' }).then(normaliseSettings, () => DEFAULT_SETTINGS)
        : Promise.resolve(this.pushed);
      settings = editor.then((s) => this.capped(mergeWithEditorSettings(this.project(uri)?.config, s)));
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** The project config that applies to a document, if it has a path and one exists. */
  project(uri: string): ProjectConfigResult | undefined {
    const path = uriToPath(uri);
    return path ? findProjectConfig(path) : undefined;
  }

  /**
   * Takes `initializationOptions`: `{ lbDrift: {...} }` holds settings in the shape of the
   * `lbDrift` section, used until the client pushes or answers pulls.
   */
  initialize(options: unknown): void {
    const section = typeof options === 'object' && options !== null ? (options as Record<string, unknown>).lbDrift : undefined;
    if (section === undefined) return;
    this.pushed = normaliseSettings(section);
    this.gitOffForSession = !this.pushed.git.enabled;
  }

  private capped(settings: Settings): Settings {
    return this.gitOffForSession && settings.git.enabled ? { ...settings, git: { enabled: false } } : settings;
  }

  /** Takes pushed settings (`{ lbDrift: {...} }`), when the client does not answer pulls. */
  push(raw: unknown): void {
    const section = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).lbDrift : undefined;
    if (section !== undefined) this.pushed = normaliseSettings(section);
  }

  forget(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else this.cache.delete(uri);
  }
}
