/**
 * When the language server starts. lb-drift activates on YAML and JSON documents too (Kubernetes
 * manifests), and most of those are workflows, compose files, Helm values and package.json: for
 * them, activation must stay cheap. So activation loads only the small bundle, and the language
 * client (its own bundle, language-client.ts) and the server process start once a document
 * lb-drift may serve is open:
 *   - an nginx or HAProxy document;
 *   - a file VS Code opened as Plain Text, Properties or INI (the server tells whether it is a
 *     config in disguise, language-detection.ts);
 *   - a YAML or JSON file that names an `apiVersion` (every Kubernetes object does) or that
 *     `lbDrift.files.kubernetes` names.
 * The last test is a substring search, not a reading of the file: the server decides what the
 * document is and answers nothing for a Deployment or a values file that happens to say
 * apiVersion. Until the server runs, each opened YAML or JSON document costs that one search over
 * its first 2,000 lines, and each edit a search of the changed text and its line.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGE_IDS } from '../../server/src/protocol/messages';
import { GENERIC_LANGUAGES } from './language-detection';
import type { ClientParts } from './language-client';

/** The languages Kubernetes manifests are written in, which other extensions own. */
export const SHARED_LANGUAGES: readonly string[] = ['yaml', 'json'];

/** The substring every Kubernetes object lb-drift reads carries. */
const MANIFEST_MARK = 'apiVersion';
/**
 * How far into a document the start check looks. Every Kubernetes object names its apiVersion at
 * its top, so the first object of a manifest shows it early; a 10 MB package-lock.json is not
 * read whole (the editor would join all its lines into one string for getText()).
 */
const HEAD_LINES = 2000;

export class ServerStarter implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly watching: vscode.Disposable[] = [];

  /** `load` requires the language-client bundle; it runs once, on the first start. */
  constructor(
    private readonly load: () => typeof import('./language-client'),
    private readonly parts: Omit<ClientParts, 'subscriptions'>,
  ) {}

  /** The running (or starting) client, if the server was started. */
  get current(): LanguageClient | undefined {
    return this.client;
  }

  /**
   * Starts the server at once when an open document needs it, else when one opens or an edit
   * makes one need it. Never called from activate() itself: the caller defers it.
   */
  watch(): void {
    if (this.startIfServed()) return;
    this.watching.push(
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (this.serves(document)) this.start();
      }),
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (!this.client && isShared(document) && contentChanges.some((c) => c.text.includes(MANIFEST_MARK) || lineNamesMark(document, c.range.start.line))) {
          this.start();
        }
      }),
    );
  }

  /** Starts the server when an open document needs it (again after `lbDrift.files` changed). */
  startIfServed(): boolean {
    if (!this.client && vscode.workspace.textDocuments.some((d) => this.serves(d))) this.start();
    return this.client !== undefined;
  }

  /** The client, starting the server first if it is not running (commands that need it). */
  start(): LanguageClient {
    if (this.client) return this.client;
    for (const d of this.watching.splice(0)) d.dispose();
    const subscriptions: vscode.Disposable[] = [];
    this.client = this.load().startLanguageClient({ ...this.parts, subscriptions });
    this.watching.push(...subscriptions);
    return this.client;
  }

  async restart(): Promise<void> {
    if (this.client) await this.client.restart();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.stop();
  }

  dispose(): void {
    for (const d of this.watching.splice(0)) d.dispose();
  }

  /** Whether the server may answer for this document (see the file comment). */
  private serves(document: vscode.TextDocument): boolean {
    if ((LANGUAGE_IDS as readonly string[]).includes(document.languageId)) return true;
    if (document.uri.scheme !== 'file') return false;
    if (GENERIC_LANGUAGES.includes(document.languageId)) return true;
    if (!isShared(document)) return false;
    const globs = vscode.workspace.getConfiguration('lbDrift', document.uri).get<string[]>('files.kubernetes', []);
    const head = document.getText(new vscode.Range(0, 0, Math.min(HEAD_LINES, document.lineCount), 0));
    return head.includes(MANIFEST_MARK) || globs.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
  }
}

function isShared(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && SHARED_LANGUAGES.includes(document.languageId);
}

function lineNamesMark(document: vscode.TextDocument, line: number): boolean {
  return line < document.lineCount && document.lineAt(line).text.includes(MANIFEST_MARK);
}
