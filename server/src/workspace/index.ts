/**
 * The workspace view (pure): main configs, the fragments they include and the facts it is built
 * from. host/ feeds it; the language server (and later the CLI) query it.
 */
export { sameFacts, type ConfigFacts, type FactsReader } from './facts';
export { FACTS_READERS, mayBeConfig, readFacts } from './readers';
export { findingsInFile, type ContextReport, type MergedFindings } from './merge';
export { MAX_CLOSURE_FILES, MAX_CONTEXTS, WorkspaceView, type IncludeResolver } from './view';
