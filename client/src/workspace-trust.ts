/**
 * Workspace trust: in Restricted Mode lb-drift still lints open files, but the server runs no
 * git (DESIGN invariant 10). The client tells it by answering every `lbDrift` settings pull with
 * `git.enabled: false` while the workspace is untrusted, and asks it to pull again the moment
 * trust is granted, so drift appears without a restart.
 */
import * as vscode from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';

/** Whether lb-drift may run git in this workspace. */
export function gitTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Forces `git.enabled` off in the settings the server pulls, while the workspace is untrusted. */
export const trustMiddleware: Middleware = {
  workspace: {
    configuration: async (params, token, next) => {
      const result = await next(params, token);
      if (gitTrusted() || !Array.isArray(result)) return result;
      return result.map((value, i) => (params.items[i]?.section === 'lbDrift' ? withoutGit(value) : value));
    },
  },
};

function withoutGit(section: unknown): unknown {
  const value = typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
  return { ...value, git: { ...(typeof value.git === 'object' && value.git !== null ? value.git : {}), enabled: false } };
}

/** When trust is granted, the server pulls the settings again (now with git on) and re-analyses. */
export function onTrustGranted(client: () => LanguageClient | undefined, then: () => void): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(() => {
    // workspace/didChangeConfiguration by name: this module is part of the small bundle that
    // activation loads, which must not pull in vscode-languageclient's runtime.
    void client()?.sendNotification('workspace/didChangeConfiguration', { settings: null });
    then();
  });
}
