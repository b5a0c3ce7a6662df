/**
 * Opens load-balancer configs in their own language when VS Code guessed a generic one: a
 * `conf.d/cdn.conf` at a repository root opens as Properties, an `lb.cfg` as Properties, an
 * extension-less `lb` as Plain Text, and none of them would get lb-drift's analysis. The client
 * never reads the config itself (invariant 4): files matching `lbDrift.files.<language>` are
 * switched by their glob, and for the others the server's sniffer answers (DetectLanguageRequest).
 *
 * The user's choice wins: only file: documents in a generic language are considered, never one a
 * `files.associations` entry put in that language, and each document at most once per session,
 * so a language picked by hand after lb-drift switched it is kept.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DetectLanguageRequest, LANGUAGE_IDS } from '../../server/src/protocol/messages';

/** The languages VS Code gives `.conf`, `.cfg` and extension-less files it does not know. */
export const GENERIC_LANGUAGES: readonly string[] = ['plaintext', 'properties', 'ini'];

export class LanguageDetection {
  /** Documents already considered this session (by URI), whatever the answer was. */
  private readonly considered = new Set<string>();

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** Considers a document VS Code just opened (or that was open when lb-drift started). */
  async consider(document: vscode.TextDocument): Promise<void> {
    if (document.uri.scheme !== 'file' || !GENERIC_LANGUAGES.includes(document.languageId)) return;
    const key = document.uri.toString();
    if (this.considered.has(key) || associatedByUser(document)) return;
    this.considered.add(key);
    const configuration = vscode.workspace.getConfiguration('lbDrift', document.uri);
    const byGlob = LANGUAGE_IDS.find((language) =>
      configuration.get<string[]>(`files.${language}`, []).some((pattern) => vscode.languages.match({ pattern }, document) > 0),
    );
    const language = byGlob ?? (configuration.get<boolean>('detectLanguage', true) ? await this.askServer(document) : undefined);
    // The user may have picked a language while the server was answering: theirs wins.
    if (!language || !GENERIC_LANGUAGES.includes(document.languageId) || document.isClosed) return;
    await vscode.languages.setTextDocumentLanguage(document, language);
    this.log(`Opened ${vscode.workspace.asRelativePath(document.uri)} as ${language} (${byGlob ? `lbDrift.files.${language}` : 'its name and text read as one'}).`);
  }

  /** Settings changed: documents may be considered again under the new globs. */
  reset(): void {
    this.considered.clear();
  }

  private async askServer(document: vscode.TextDocument): Promise<string | undefined> {
    const client = this.client();
    if (!client) return undefined;
    const text = document.getText();
    const params: DetectLanguageRequest.Params = {
      uri: document.uri.toString(),
      text: text.length > DetectLanguageRequest.MAX_TEXT ? text.slice(0, DetectLanguageRequest.MAX_TEXT) : text,
    };
    try {
      const result = await client.sendRequest<DetectLanguageRequest.Result>(DetectLanguageRequest.method, params);
      return result?.languageId;
    } catch {
      // A server that is not running cannot tell; the document keeps its language.
      return undefined;
    }
  }
}

/**
 * Whether a `files.associations` entry gives the document the language it has: then the user
 * chose it. Patterns without a slash match the file name, as VS Code reads them.
 */
function associatedByUser(document: vscode.TextDocument): boolean {
  const associations = vscode.workspace.getConfiguration('files', document.uri).get<Record<string, string>>('associations', {});
  return Object.entries(associations).some(
    ([pattern, language]) =>
      language === document.languageId && vscode.languages.match({ pattern: pattern.includes('/') ? pattern : `**/${pattern}` }, document) > 0,
  );
}
