/**
 * Code actions for the document the request names, rebuilt from that document's analysis of its
 * current version: the fixes a rule offers, "disable for this line" for every finding, and
 * `source.fixAll.lb-drift` (safe fixes only, repeated until none is left). A diagnostic the
 * client sends back only says which finding is meant (its rule, range and the version in its
 * `data`); its fixes and edits are never taken from the client, so a tampered `data` cannot
 * produce an edit to another file.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextEdit } from '../../core/fix';
import { safeFixEdits } from '../../engine/fix-all';
import { findRule } from '../../rules';
import { applyEdits, fixEdits } from '../../engine/fixes';
import type { Finding } from '../../core/finding';
import type { DiagnosticData } from '../diagnostics';
import type { DocumentAnalyses, DocumentAnalysis } from '../document-analysis';
import { Ranges } from '../ranges';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.lb-drift`;
/** Fix-all stops after this many rounds even if fixes keep appearing. */
const MAX_FIX_ROUNDS = 10;

export function codeActions(params: CodeActionParams, analyses: DocumentAnalyses): CodeAction[] {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  // Quick fixes need the analysis of the version the client sees; while a newer version is being
  // analysed there are none (the client asks again when the new diagnostics arrive).
  const analysis = analyses.current(uri);
  if (analysis && !analysis.oversize && wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      const data = diagnostic.data as Partial<DiagnosticData> | undefined;
      if (diagnostic.source !== 'lb-drift' || data?.version !== analysis.version) continue;
      const finding = findingOf(analysis, diagnostic);
      if (!finding) continue;
      actions.push(...fixActions(analysis, diagnostic, finding));
      // An essential finding (a syntax error) cannot be suppressed, so no "disable" is offered.
      if (!findRule(finding.rule)?.meta.essential) actions.push(disableLineAction(analysis, diagnostic, finding));
    }
  }
  if (only && wants(FIX_ALL_KIND)) {
    const current = analyses.currentOrNow(uri);
    const fixAll = current && !current.oversize ? fixAllAction(current, analyses) : undefined;
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** The finding of this document's analysis that a diagnostic stands for: same rule, same range. */
function findingOf(analysis: DocumentAnalysis, diagnostic: Diagnostic): Finding | undefined {
  const { document, path } = analysis;
  const { start, end } = diagnostic.range;
  return analysis.findings.find((f) => {
    if (f.loc.file !== path || f.rule !== diagnostic.code) return false;
    const from = document.positionAt(f.loc.start);
    const to = document.positionAt(f.loc.end);
    return from.line === start.line && from.character === start.character && to.line === end.line && to.character === end.character;
  });
}

function fixActions(analysis: DocumentAnalysis, diagnostic: Diagnostic, finding: Finding): CodeAction[] {
  const dialect = analysis.report.dialect;
  if (!dialect) return [];
  const actions: CodeAction[] = [];
  (finding.fixes ?? []).forEach((fix, i) => {
    const edits = fixEdits(dialect, fix, analysis.sources);
    if (!edits) return;
    const edit = workspaceEdit(analysis, edits);
    if (Object.keys(edit.changes!).length === 0) return;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.safety === 'safe' && i === 0,
      edit,
    });
  });
  return actions;
}

function disableLineAction(analysis: DocumentAnalysis, diagnostic: Diagnostic, finding: Finding): CodeAction {
  const { document } = analysis;
  const rule = finding.rule;
  const line = document.positionAt(finding.loc.start).line;
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)![0];
  return {
    title: `Disable ${rule} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: {
      changes: {
        [document.uri]: [
          {
            range: { start: { line, character: 0 }, end: { line, character: 0 } },
            newText: `${indent}# lb-drift-disable-next-line ${rule} -- explain why this is intended\n`,
          },
        ],
      },
    },
  };
}

function fixAllAction(analysis: DocumentAnalysis, analyses: DocumentAnalyses): CodeAction | undefined {
  const original = analysis.document.getText();
  let text = original;
  let current = analysis;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const edits = safeFixEdits(current.report, current.path);
    if (edits.length === 0) break;
    const next = applyEdits(text, current.path, edits);
    if (next === undefined || next === text) break;
    text = next;
    current = analyses.analyseText(analysis, text);
  }
  if (text === original) return undefined;
  // One edit over the changed region keeps the rest of the document (and its markers) untouched.
  let start = 0;
  while (start < text.length && start < original.length && text[start] === original[start]) start++;
  let end = 0;
  while (end < text.length - start && end < original.length - start && text[text.length - 1 - end] === original[original.length - 1 - end]) end++;
  const { document } = analysis;
  return {
    title: 'Fix all safe lb-drift problems',
    kind: FIX_ALL_KIND,
    edit: {
      changes: {
        [document.uri]: [
          { range: { start: document.positionAt(start), end: document.positionAt(original.length - end) }, newText: text.slice(start, text.length - end) },
        ],
      },
    },
  };
}

/** Edits only files this analysis read (the document and its includes), whatever a fix says. */
function workspaceEdit(analysis: DocumentAnalysis, edits: readonly TextEdit[]): WorkspaceEdit {
  const ranges = new Ranges(analysis);
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    if (!analysis.report.sources.has(edit.loc.file)) continue;
    const uri = ranges.uri(edit.loc.file);
    (changes[uri] ??= []).push({ range: ranges.range(edit.loc), newText: edit.newText });
  }
  return { changes };
}
