/**
 * Settings by the pull model: asked of the client per resource the first time a document needs
 * them, cached until the client says the configuration changed.
 */
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from '../protocol/settings';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Whether the client answers `workspace/configuration`; without it, defaults apply. */
  pullSupported = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<Settings> {
    if (!this.pullSupported) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'lbDrift' })
        .then(normaliseSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else this.cache.delete(uri);
  }
}
