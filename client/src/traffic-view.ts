/**
 * "Show Traffic Distribution": a webview with one bar chart per pool of the active config, current
 * and stable shares side by side, updated as you type. The numbers come from the server; the page
 * loads nothing remote (a strict content security policy with a per-panel nonce) and takes its
 * colours from the VS Code theme.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TrafficPictureRequest } from '../../server/src/protocol/messages';
import { trafficPageScript } from './traffic-page';

const UPDATE_DELAY_MS = 150;
/** The part of the editor area the config keeps when the view opens beside it. */
const EDITOR_SHARE = 0.62;

export class TrafficView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.Uri | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.document && event.document.uri.toString() === this.document.toString()) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && editor.document.uri.scheme === 'file' && this.panel) {
          this.document = editor.document.uri;
          this.schedule();
        }
      }),
    );
  }

  async show(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Open a load-balancer config to see its traffic distribution.');
      return;
    }
    this.document = editor.document.uri;
    if (!this.panel) {
      if (vscode.window.tabGroups.all.length === 1) await keepEditorWide();
      this.panel = vscode.window.createWebviewPanel('lbDrift.traffic', 'Traffic Distribution', vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined), null, this.subscriptions);
      this.panel.webview.html = page(randomBytes(16).toString('base64'), this.panel.webview.cspSource);
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    void this.update();
  }

  /** Refreshes after settings or the stable revision changed. */
  refresh(): void {
    if (this.panel) this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), UPDATE_DELAY_MS);
  }

  private async update(): Promise<void> {
    const client = this.client();
    const panel = this.panel;
    const document = this.document;
    if (!client || !panel || !document) return;
    const name = document.path.slice(document.path.lastIndexOf('/') + 1);
    panel.title = `Traffic: ${name}`;
    const result = await client.sendRequest<TrafficPictureRequest.Result>(TrafficPictureRequest.method, { uri: document.toString() });
    await panel.webview.postMessage({ file: name, result });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * An even split of the editor area squeezed the config: inlay hints and pool labels were cut off
 * and the minimap covered text at the default window size. When the editor is the only group,
 * the view gets a second group of about two fifths of the width, made before the view opens in
 * it; a layout the user made (more groups) is left alone.
 */
async function keepEditorWide(): Promise<void> {
  await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: EDITOR_SHARE }, { size: 1 - EDITOR_SHARE }] });
}

function page(nonce: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 16px; }
  h1 { font-size: 1.15em; font-weight: 600; margin: 12px 0 4px; }
  h2 { font-size: 1.05em; font-weight: 600; margin: 18px 0 4px; }
  .meta { color: var(--vscode-descriptionForeground); margin-bottom: 6px; }
  .legend { color: var(--vscode-descriptionForeground); }
  .legend span.key { display: inline-block; width: 10px; height: 8px; margin: 0 4px 0 10px; vertical-align: middle; border-radius: 2px; }
  .legend span.key:first-child { margin-left: 0; }
  table { border-collapse: collapse; width: 100%; }
  th, td { padding: 2px 4px; }
  th { font-weight: 600; color: var(--vscode-descriptionForeground); text-align: left; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); padding: 2px 6px; white-space: nowrap; }
  td { padding: 2px 6px; vertical-align: middle; white-space: nowrap; }
  td.bars, th.bars { width: 100%; min-width: 24px; }
  .bar { height: 7px; margin: 1px 0; border-radius: 2px; min-width: 1px; }
  .current { background: var(--vscode-charts-blue); }
  .stable { background: var(--vscode-charts-foreground, var(--vscode-descriptionForeground)); opacity: 0.55; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  th.num { text-align: right; }
  .change.skew { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-orange)); font-weight: 600; }
  .change.even { color: var(--vscode-charts-green); }
  .change.neutral { color: var(--vscode-descriptionForeground); }
  tr.group td { padding-top: 4px; font-weight: 600; }
  tr.listing td.member { padding-left: 18px; }
  td.member .tag { display: block; width: fit-content; margin: 1px 0 0; }
  .tag { font-size: 0.85em; font-weight: normal; margin-left: 6px; padding: 0 5px; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  .tag.warn { background: var(--vscode-inputValidation-warningBackground, var(--vscode-badge-background)); color: var(--vscode-foreground); }
  .empty { color: var(--vscode-descriptionForeground); font-style: italic; }
</style>
</head>
<body>
<h1 id="title">Traffic distribution</h1>
<div class="meta" id="meta"></div>
<div class="legend"><span class="key current"></span>current<span class="key stable"></span>stable · change in points: <span class="change skew">toward an uneven split</span>, <span class="change even">evening it out</span></div>
<div id="pools"></div>
<script nonce="${nonce}">${trafficPageScript}</script>
</body>
</html>`;
}
