/**
 * The custom messages between the lb-drift client and server, in one place. JSON only: no
 * imports from either side. The client never parses configs or runs git; it asks for these.
 */

/** The language ids lb-drift contributes or reads. */
export const LANGUAGE_IDS = ['nginx', 'haproxy'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

/**
 * Which lb-drift language a document the editor opened as something generic (Properties, Plain
 * Text, INI) is written in. The server sniffs it as the CLI would (names, globs, then the text);
 * the client only switches the document's language when the answer is one of LANGUAGE_IDS.
 */
export namespace DetectLanguageRequest {
  export const method = 'lbDrift/detectLanguage';
  /** The sniffers read a bounded prefix; the client sends at most this many characters. */
  export const MAX_TEXT = 64 * 1024;
  export interface Params {
    readonly uri: string;
    /** The start of the document's text (at most MAX_TEXT characters). */
    readonly text: string;
  }
  export interface Result {
    /** The language to read the document as; absent when it is no balancer config lb-drift reads. */
    readonly languageId?: LanguageId;
  }
}

/** How the stable revision of a document was found, or why it was not. */
export type StableState =
  | 'resolved'
  | 'new-file'
  | 'not-a-repository'
  | 'git-missing'
  | 'invalid-revision'
  | 'unknown-revision'
  | 'no-commits'
  /** lbDrift.git.enabled is false (or the workspace is not trusted): no git runs. */
  | 'git-off'
  /** Git is slow to answer; the document is analysed without drift until it does. */
  | 'pending'
  | 'error';

export interface StableSummary {
  readonly state: StableState;
  /** The revision as people name it (`lb-stable/2026-11-20T101500Z`, `origin/main`, `HEAD`). */
  readonly ref?: string;
  readonly sha?: string;
  /** What went wrong or what to do, for every state but `resolved`. */
  readonly message?: string;
  /** Why `auto` chose this revision when it is no stable tag ("no tag matches lb-stable*; comparing with origin/main, ..."). */
  readonly reason?: string;
  /** Drift findings in this document. */
  readonly drifts: number;
}

export namespace StatusNotification {
  export const method = 'lbDrift/status';
  export interface Params {
    readonly uri: string;
    readonly version: number;
    /** The dialect the file was read as; absent for a file that is not a balancer config. */
    readonly dialect?: string;
    readonly pools: number;
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly stable?: StableSummary;
    /**
     * Whether the configuration (the document with everything it includes) has drifted from its
     * stable revision: at least one drift finding. False when there is no stable side (git off,
     * no repository). The status item's icon says this, not the document's worst finding.
     */
    readonly drifted?: boolean;
    /**
     * The main configs (file paths) this document was analysed in, when it is a fragment that
     * they include; absent for a file no configuration includes.
     */
    readonly configurations?: readonly string[];
  }
}

/**
 * The server's workspace view is ready: it sent once after the initial scan of the workspace
 * folders (files read, main configs found, and why the scan stopped early if it did).
 */
export namespace WorkspaceIndexedNotification {
  export const method = 'lbDrift/workspaceIndexed';
  export interface Params {
    readonly files: number;
    readonly mainConfigs: number;
    readonly stopped?: string;
  }
}

/** The document's text at its stable revision, for the left side of the compare view. */
export namespace StableTextRequest {
  export const method = 'lbDrift/stableText';
  export interface Params {
    readonly uri: string;
  }
  export type Result =
    | {
        readonly ok: true;
        readonly text: string;
        readonly ref: string;
        readonly sha: string;
        readonly path: string;
        readonly renamedFrom?: string;
        /** Why this revision, when `auto` found no stable tag. */
        readonly reason?: string;
      }
    | { readonly ok: false; readonly state: StableState; readonly message: string };
}

/** Tags HEAD as stable (`lb-stable/<UTC timestamp>`); the client asks the user first. */
export namespace MarkStableRequest {
  export const method = 'lbDrift/markStable';
  export interface Params {
    readonly uri: string;
  }
  export type Result = { readonly ok: true; readonly tag: string; readonly sha: string } | { readonly ok: false; readonly message: string };
}

/** Tags and recent commits of the document's repository, for "Choose Stable Revision". */
export namespace ListRevisionsRequest {
  export const method = 'lbDrift/listRevisions';
  export interface Params {
    readonly uri: string;
  }
  export interface Revision {
    readonly ref: string;
    readonly sha: string;
    readonly date: string;
    readonly subject: string;
    readonly kind: 'stable-tag' | 'tag' | 'branch' | 'commit';
  }
  export type Result = { readonly ok: true; readonly revisions: readonly Revision[] } | { readonly ok: false; readonly message: string };
}

/** Current and stable shares of every pool in a document, for the traffic view. */
export namespace TrafficPictureRequest {
  export const method = 'lbDrift/trafficPicture';
  export interface Params {
    readonly uri: string;
  }
  export interface Member {
    readonly address: string;
    /** Fractions 0..1; absent when the member does not exist on that side. */
    readonly current?: number;
    readonly stable?: number;
    /** `current - stable` (a fraction), when the member exists on both sides and its share moved. */
    readonly change?: number;
    /** What the change means: `skew` moves the member away from an even share, `even` toward it. */
    readonly trend?: 'skew' | 'even';
    /** A backend listed more than once: which listing this row is, of how many, and the backend's combined shares. */
    readonly repeat?: { readonly listing: number; readonly of: number; readonly current?: number; readonly stable?: number };
  }
  export interface Pool {
    readonly name: string;
    readonly context: string;
    readonly algorithm: string;
    readonly members: readonly Member[];
    /** Whether a share or the member list differs from stable; drifted pools come first. */
    readonly drifted?: boolean;
    /** Set when the pool exists on one side only. */
    readonly only?: 'current' | 'stable';
  }
  export type Result =
    | { readonly ok: true; readonly version: number; readonly stable?: StableSummary; readonly pools: readonly Pool[] }
    | { readonly ok: false; readonly message: string };
}
