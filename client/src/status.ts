/**
 * The status bar item: what lb-drift made of the active editor's file (dialect, pools, findings).
 * It only displays what the server reported; the client never analyses configs itself.
 */
import * as vscode from 'vscode';
import type { StatusNotification } from '../../server/src/protocol/messages';
import { gitTrusted } from './workspace-trust';

/** The context key package.json's menus read (see setBalancerEditor). */
export const BALANCER_EDITOR_KEY = 'lbDrift.balancerEditor';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lbDrift.status', vscode.StatusBarAlignment.Right, 100);
  private readonly byUri = new Map<string, StatusNotification.Params>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private serverState: 'starting' | 'running' | 'stopped' = 'starting';
  private balancerEditor = false;

  constructor(
    private readonly compareCommand: string,
    private readonly outputCommand: string,
  ) {
    this.item.name = 'lb-drift';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => this.byUri.delete(d.uri.toString())),
    );
    this.render();
  }

  update(params: StatusNotification.Params): void {
    this.byUri.set(params.uri, params);
    this.render();
  }

  setServerState(state: 'starting' | 'running' | 'stopped'): void {
    this.serverState = state;
    this.render();
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri ? this.byUri.get(uri) : undefined;
    this.setBalancerEditor(status?.dialect !== undefined);
    if (this.serverState === 'stopped') {
      this.item.text = '$(error) lb-drift';
      this.item.tooltip = 'The lb-drift language server stopped. Click to see its output.';
      this.item.command = this.outputCommand;
      this.item.show();
      return;
    }
    if (!status?.dialect) {
      this.item.hide();
      return;
    }
    // The icon says drift (the configuration with its includes), not the file's worst finding,
    // which the Problems panel and the squiggles already show.
    const icon = status.drifted ? '$(diff)' : status.stable?.state === 'resolved' ? '$(check)' : '$(circle-slash)';
    const pools = `${status.pools} ${status.pools === 1 ? 'pool' : 'pools'}`;
    const stable = status.stable;
    const stableText =
      stable?.state === 'resolved'
        ? `stable: ${stable.ref} · ${plural(stable.drifts, 'drift')}`
        : stable?.state === 'new-file'
          ? 'new since stable'
          : stable?.state === 'git-off'
            ? gitOffText()
            : 'no stable revision';
    this.item.text = `${icon} ${stableText}`;
    this.item.command = this.compareCommand;
    this.item.tooltip = new vscode.MarkdownString(
      `**lb-drift** read this file as **${status.dialect}**: ${pools}, ` +
        `${plural(status.errors, 'error')}, ${plural(status.warnings, 'warning')}, ${plural(status.infos, 'info')}.\n\n` +
        (status.configurations?.length ? `Analysed as part of ${status.configurations.map((c) => `\`${c}\``).join(', ')}; the drift count covers the configuration.\n\n` : '') +
        (stable?.state === 'resolved'
          ? `Stable revision: \`${stable.ref}\` (${stable.sha?.slice(0, 10)})${stable.reason ? `: ${stable.reason}` : ''}. Click to compare.`
          : `Stable revision: ${stable?.message ?? 'not resolved yet'}`),
    );
    this.item.show();
  }

  /**
   * The `lbDrift.balancerEditor` context key: the active editor holds a file the server read as a
   * balancer config. Menus offer Compare with Stable and the traffic view for it, so a Kubernetes
   * manifest gets them although its language is YAML, and an ordinary YAML file does not.
   */
  private setBalancerEditor(value: boolean): void {
    if (value === this.balancerEditor) return;
    this.balancerEditor = value;
    void vscode.commands.executeCommand('setContext', BALANCER_EDITOR_KEY, value);
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Restricted Mode is why git is off unless the user turned it off. */
function gitOffText(): string {
  return gitTrusted() ? 'git off' : 'Restricted Mode: no git';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}
