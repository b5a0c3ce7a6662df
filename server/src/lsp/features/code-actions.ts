/**
 * Code actions, rebuilt from each diagnostic's `data` (its fix intents and the document version
 * they were computed for), so the server keeps no state between requests: the fixes a rule
 * offers, "disable for this line" for every finding, and `source.fixAll.lb-drift` (safe fixes
 * only, repeated until none is left).
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
import type { DiagnosticData } from '../diagnostics';
import type { DocumentAnalyses, DocumentAnalysis } from '../document-analysis';
import { Ranges } from '../ranges';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.lb-drift`;
/** Fix-all stops after this many rounds even if fixes keep appearing. */
const MAX_FIX_ROUNDS = 10;

export function codeActions(analysis: DocumentAnalysis, params: CodeActionParams, analyses: DocumentAnalyses): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      const data = diagnostic.data as DiagnosticData | undefined;
      if (diagnostic.source !== 'lb-drift' || !data || data.version !== analysis.version) continue;
      actions.push(...fixActions(analysis, diagnostic, data));
      // An essential finding (a syntax error) cannot be suppressed, so no "disable" is offered.
      if (!findRule(data.rule)?.meta.essential) actions.push(disableLineAction(analysis, diagnostic, data.rule));
    }
  }
  if (only && wants(FIX_ALL_KIND)) {
    const fixAll = fixAllAction(analysis, analyses);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function fixActions(analysis: DocumentAnalysis, diagnostic: Diagnostic, data: DiagnosticData): CodeAction[] {
  const dialect = analysis.report.dialect;
  if (!dialect) return [];
  const actions: CodeAction[] = [];
  data.fixes.forEach((fix, i) => {
    const edits = fixEdits(dialect, fix, analysis.report.sources);
    if (!edits) return;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.safety === 'safe' && i === 0,
      edit: workspaceEdit(analysis, edits),
    });
  });
  return actions;
}

function disableLineAction(analysis: DocumentAnalysis, diagnostic: Diagnostic, rule: string): CodeAction {
  const { document } = analysis;
  const line = diagnostic.range.start.line;
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

function workspaceEdit(analysis: DocumentAnalysis, edits: readonly TextEdit[]): WorkspaceEdit {
  const ranges = new Ranges(analysis);
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const uri = ranges.uri(edit.loc.file);
    (changes[uri] ??= []).push({ range: ranges.range(edit.loc), newText: edit.newText });
  }
  return { changes };
}
