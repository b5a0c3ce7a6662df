/**
 * The git layer: every git command lb-drift runs, and nothing else. All I/O; no editor or LSP
 * types. Every function returns a value describing success or failure and never throws.
 */
export { changedFiles, type ChangedFiles } from './changed-files';
export { fileAtRevision, type FileAtRevision } from './file-at-revision';
export { listRevisions, type CommitInfo, type ListRevisionsOptions, type RevisionEntry, type RevisionList } from './list-revisions';
export { markStable, stableTagName, DEFAULT_STABLE_MESSAGE, type MarkStableOptions, type MarkStableResult } from './mark-stable';
export { repositoryOf, type Repository, type RepositoryFailure } from './repository';
export {
  resolveStable,
  SHALLOW_HINT,
  type ResolvedStable,
  type StableFailure,
  type StableFailureKind,
  type StableSettings,
  type StableSource,
} from './resolve-stable';
export { createRevisionLoader, type RevisionLoaderOptions } from './revision-loader';
export { withRevisionManifests } from './revision-manifests';
export { DEFAULT_TAG_PATTERN, validateRevision, validateTagPattern, type RevisionCheck } from './revision';
export { GIT_MISSING_MESSAGE, runGit, runGitSync, type GitFailureKind, type GitOptions, type GitResult } from './run-git';
export type { TagInfo } from './tags';
