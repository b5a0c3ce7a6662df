/**
 * The stable side of every document: which revision is stable for it (resolved through git in
 * host/, briefly cached so a tag made outside the editor is seen within seconds) and the file's
 * text and includes at that revision (cached per revision, which never changes).
 */
import type { StableInput } from '../engine/analyze';
import { createRevisionLoader, fileAtRevision, resolveStable } from '../host/git';
import type { StableSummary } from '../protocol/messages';
import type { Settings } from '../protocol/settings';

/** How long a resolved stable revision is trusted before git is asked again. */
const RESOLUTION_TTL_MS = 3000;
const MAX_INPUTS = 64;

export interface StableSide {
  readonly summary: StableSummary;
  /** The stable file for the drift rules; absent when there is none (new file, no repository). */
  readonly input?: StableInput;
  /** Where the file was at the stable revision when it has been renamed since. */
  readonly renamedFrom?: string;
}

export class StableProvider {
  private readonly resolutions = new Map<string, { at: number; side: Promise<StableSide> }>();
  private readonly inputs = new Map<string, Promise<StableSide>>();

  async side(path: string, settings: Settings): Promise<StableSide> {
    const key = `${path}\u0000${settings.stableRef}\u0000${settings.stableTagPattern}`;
    const cached = this.resolutions.get(key);
    if (cached && Date.now() - cached.at < RESOLUTION_TTL_MS) return cached.side;
    const side = this.resolve(path, settings);
    this.resolutions.set(key, { at: Date.now(), side });
    return side;
  }

  /** Forgets resolutions (after "Mark as Stable" or a settings change); stable texts stay valid. */
  forget(): void {
    this.resolutions.clear();
  }

  private async resolve(path: string, settings: Settings): Promise<StableSide> {
    const resolved = await resolveStable(path, { stableRef: settings.stableRef, stableTagPattern: settings.stableTagPattern });
    if (resolved.kind !== 'resolved') {
      return { summary: { state: resolved.kind, message: resolved.message, drifts: 0 } };
    }
    const key = `${resolved.root}\u0000${resolved.sha}\u0000${path}\u0000${settings.nginx.prefix}`;
    let input = this.inputs.get(key);
    if (!input) {
      input = this.load(path, resolved.root, resolved.sha, resolved.ref, settings);
      this.inputs.set(key, input);
      if (this.inputs.size > MAX_INPUTS) this.inputs.delete(this.inputs.keys().next().value!);
    }
    const side = await input;
    // The same revision may be reached under another name (a new tag on the same commit).
    return {
      ...side,
      summary: { ...side.summary, ref: resolved.ref },
      ...(side.input ? { input: { ...side.input, ref: resolved.ref } } : {}),
    };
  }

  private async load(path: string, root: string, sha: string, ref: string, settings: Settings): Promise<StableSide> {
    const found = await fileAtRevision(root, sha, path);
    if (found.kind === 'error') return { summary: { state: 'error', ref, sha, message: found.message, drifts: 0 } };
    const loader = createRevisionLoader(root, sha, settings.nginx.prefix ? { prefix: settings.nginx.prefix } : {});
    if (found.kind === 'new-file') {
      // A file new since stable compares with an empty one: every pool in it is added.
      return {
        summary: { state: 'new-file', ref, sha, message: found.message, drifts: 0 },
        input: { ref, file: { path, text: '' }, loader },
      };
    }
    return {
      summary: { state: 'resolved', ref, sha, drifts: 0 },
      input: { ref, file: { path: found.path, text: found.text }, loader },
      ...(found.renamedFrom ? { renamedFrom: found.renamedFrom } : {}),
    };
  }
}
