/**
 * The stable side of every document: which revision is stable for it (resolved through git in
 * host/, briefly cached so a tag made outside the editor is seen within seconds) and the file's
 * text and includes at that revision (cached per revision, which never changes).
 *
 * An answer past its lifetime still serves analyses at once while git is asked again behind
 * them: a keystroke never waits for git once the document has a stable side (a repository's
 * `auto` resolution is several git processes, 20-100 ms, which every edit after a 3 s pause
 * waited for). An answer that differs re-analyses, as a late answer does.
 */
import type { StableInput } from '../engine/analyze';
import { createRevisionLoader, fileAtRevision, resolveStable, withRevisionManifests, type StableSource } from '../host/git';
import type { StableSummary } from '../protocol/messages';
import type { Settings } from '../protocol/settings';

/** How long a resolved stable revision is trusted, from its first use, before git is asked again. */
const RESOLUTION_TTL_MS = 3000;
/** How long an answer no analysis has used yet is kept (a request's, or one that came while analyses queued). */
const UNUSED_TTL_MS = 30_000;
const MAX_INPUTS = 64;

export interface StableSide {
  readonly summary: StableSummary;
  /** The stable file for the drift rules; absent when there is none (new file, no repository). */
  readonly input?: StableInput;
  /** Where the file was at the stable revision when it has been renamed since. */
  readonly renamedFrom?: string;
}

/** Why there is no stable side, when git is off. */
export const GIT_OFF_MESSAGE =
  'git is off for this workspace (lbDrift.git.enabled is false, or VS Code runs it in Restricted Mode), so there is no drift and no stable revision; trust the workspace or set lbDrift.git.enabled to true';
const GIT_OFF_SIDE: StableSide = { summary: { state: 'git-off', message: GIT_OFF_MESSAGE, drifts: 0 } };

/**
 * How long an analysis waits for git before it goes ahead without the stable side. Analyses run
 * one at a time, so a repository whose git is slow (locked, huge, or hostile) must not hold up
 * every other document: the late answer re-analyses the documents when it comes.
 */
export const STABLE_WAIT_MS = 2000;
const PENDING_MESSAGE = 'git has not answered yet; drift appears as soon as it does';

interface Resolution {
  /** When git answered; undefined while it runs. */
  settledAt: number | undefined;
  /**
   * When an analysis first used the answer. The lifetime counts from here: under load, the
   * analyses a late answer starts may queue longer than the lifetime, and an answer that expired
   * before any analysis saw it would start git again, go ahead without it again, and never show
   * the drift.
   */
  usedAt: number | undefined;
  /** An analysis stopped waiting and went ahead with `pending`: the answer must re-analyse. */
  wentAhead: boolean;
  readonly side: Promise<StableSide>;
  /** What an analysis uses while git is still working: one object, so analyses stay cached. */
  readonly pending: StableSide;
  /** Git is being asked again after the answer's lifetime; the answer serves meanwhile. */
  revalidation?: Promise<void>;
}

export interface StableProviderOptions {
  /** How long an analysis waits for git; STABLE_WAIT_MS unless a test says otherwise. */
  readonly waitMs?: number;
  /** The clock the resolution cache reads; Date.now unless a test freezes it. */
  readonly now?: () => number;
}

export class StableProvider {
  private readonly resolutions = new Map<string, Resolution>();
  private readonly inputs = new Map<string, Promise<StableSide>>();
  private readonly waitMs: number;
  private readonly now: () => number;

  /** `onLateAnswer` runs when git answers after an analysis stopped waiting for it. */
  constructor(
    private readonly onLateAnswer: () => void = () => undefined,
    options: StableProviderOptions = {},
  ) {
    this.waitMs = options.waitMs ?? STABLE_WAIT_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * The stable side of a document. Waits at most STABLE_WAIT_MS unless `patient` (a request
   * for the stable text wants the answer, however long git takes within its own timeout).
   */
  async side(path: string, settings: Settings, options: { readonly patient?: boolean } = {}): Promise<StableSide> {
    if (!settings.git.enabled) return GIT_OFF_SIDE;
    const key = `${path}\u0000${settings.stableRef}\u0000${settings.stableTagPattern}`;
    let resolution = this.resolutions.get(key);
    if (resolution && this.expired(resolution)) {
      if (options.patient) resolution = this.start(key, path, settings);
      else this.revalidate(key, path, settings, resolution);
    }
    resolution ??= this.start(key, path, settings);
    if (resolution.settledAt !== undefined) {
      resolution.usedAt ??= this.now();
      return resolution.side;
    }
    if (options.patient) return resolution.side;
    const waiting = resolution;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<StableSide>((resolve) => {
      timer = setTimeout(() => {
        // Recorded here, not inferred from the clock when git answers: a timer's clock and
        // Date.now differ by the work done in the tick that set it, and an answer that came a
        // moment after an analysis went ahead must still bring the drift.
        if (waiting.settledAt === undefined) waiting.wentAhead = true;
        resolve(waiting.pending);
      }, this.waitMs);
    });
    const side = await Promise.race([resolution.side, late]);
    clearTimeout(timer);
    if (side !== waiting.pending) waiting.usedAt ??= this.now();
    return side;
  }

  private start(key: string, path: string, settings: Settings): Resolution {
    const resolution: Resolution = {
      settledAt: undefined,
      usedAt: undefined,
      wentAhead: false,
      side: this.answer(path, settings),
      pending: { summary: { state: 'pending', message: PENDING_MESSAGE, drifts: 0 } },
    };
    this.resolutions.set(key, resolution);
    void resolution.side.then(() => {
      resolution.settledAt = this.now();
      if (resolution.wentAhead && this.resolutions.get(key) === resolution) this.onLateAnswer();
    });
    return resolution;
  }

  /**
   * Asks git again for an answer past its lifetime, which serves until git answers: the same
   * answer lives on from now; another one replaces it and re-analyses.
   */
  private revalidate(key: string, path: string, settings: Settings, stale: Resolution): void {
    stale.revalidation ??= Promise.all([stale.side, this.answer(path, settings)]).then(([before, after]) => {
      stale.revalidation = undefined;
      // Forgotten meanwhile ("Mark as Stable", a settings change): the next analysis asks git anew.
      if (this.resolutions.get(key) !== stale) return;
      if (sameSide(before, after)) {
        stale.settledAt = this.now();
        stale.usedAt = undefined;
        return;
      }
      this.resolutions.set(key, { settledAt: this.now(), usedAt: undefined, wentAhead: false, side: Promise.resolve(after), pending: stale.pending });
      this.onLateAnswer();
    });
  }

  /** Resolves once git has answered every question asked again after an answer's lifetime (for tests). */
  async revalidated(): Promise<void> {
    await Promise.all([...this.resolutions.values()].map((r) => r.revalidation));
  }

  /** The stable side from git; never rejects: a failure is a state the status shows, and an unhandled rejection would end the server. */
  private answer(path: string, settings: Settings): Promise<StableSide> {
    return this.resolve(path, settings).catch((error: unknown): StableSide => ({
      summary: { state: 'error', message: `reading the stable revision failed: ${error instanceof Error ? error.message : String(error)}`, drifts: 0 },
    }));
  }

  private expired(resolution: Resolution): boolean {
    const { settledAt, usedAt } = resolution;
    if (settledAt === undefined) return false;
    const now = this.now();
    if (usedAt !== undefined) return now - usedAt >= RESOLUTION_TTL_MS;
    return now - settledAt >= UNUSED_TTL_MS;
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
    const reason = stableReason(resolved.source, resolved.ref, settings.stableTagPattern);
    // The same revision may be reached under another name (a new tag on the same commit).
    return {
      ...side,
      summary: { ...side.summary, ref: resolved.ref, ...(reason ? { reason } : {}) },
      ...(side.input ? { input: { ...side.input, ref: resolved.ref } } : {}),
    };
  }

  private async load(path: string, root: string, sha: string, ref: string, settings: Settings): Promise<StableSide> {
    const found = await fileAtRevision(root, sha, path);
    if (found.kind === 'error') return { summary: { state: 'error', ref, sha, message: found.message, drifts: 0 } };
    // A Kubernetes manifest resolves its related manifests (a canary's main Ingress, a DestinationRule)
    // from the revision's own tree, so a split across files is not "added since stable" and a weight
    // or subset changed in another file since then is drift.
    const revision = createRevisionLoader(root, sha, settings.nginx.prefix ? { prefix: settings.nginx.prefix } : {});
    const loader = withRevisionManifests(revision, root, sha);
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

/**
 * Whether git's new answer is the one analyses already use: the same summary and the same stable
 * file (texts are cached per revision, so the same revision gives the same objects).
 */
function sameSide(a: StableSide, b: StableSide): boolean {
  return JSON.stringify(a.summary) === JSON.stringify(b.summary) && a.renamedFrom === b.renamedFrom && a.input?.file === b.input?.file && a.input?.loader === b.input?.loader;
}

/** Why `auto` chose a revision that is no stable tag, in words the compare view shows. */
function stableReason(source: StableSource, ref: string, pattern: string): string | undefined {
  const tags = `no tag matches ${pattern.trim() || 'lb-stable*'}`;
  if (source === 'upstream') return `${tags}; comparing with ${ref}, the upstream of the current branch`;
  if (source === 'head') return `${tags} and the branch has no upstream; comparing with HEAD, the last commit, so only uncommitted edits show`;
  return undefined;
}
