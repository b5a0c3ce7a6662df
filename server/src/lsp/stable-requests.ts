/**
 * The custom requests behind the stable-revision commands: the stable text for the compare view,
 * tagging HEAD as stable, listing revisions, and the traffic picture (current vs stable shares).
 */
import type { Connection } from 'vscode-languageserver/node';
import { listRevisions, markStable, repositoryOf } from '../host/git';
import {
  ListRevisionsRequest,
  MarkStableRequest,
  StableTextRequest,
  TrafficPictureRequest,
} from '../protocol/messages';
import type { DocumentAnalyses } from './document-analysis';
import { stableSummary } from './stable-summary';
import { GIT_OFF_MESSAGE, type StableProvider } from './stable-provider';
import type { SettingsCache } from './settings-cache';
import { uriToPath } from './uris';
import { onCustomRequest } from './custom-request';
import { trafficPools } from './features/traffic-picture';

export function registerStableRequests(
  connection: Connection,
  analyses: DocumentAnalyses,
  stables: StableProvider,
  settings: SettingsCache,
  onStableChanged: () => void,
): void {
  onCustomRequest(connection, StableTextRequest.method, async ({ uri }: StableTextRequest.Params): Promise<StableTextRequest.Result> => {
    const path = uriToPath(uri);
    if (!path) return { ok: false, state: 'not-a-repository', message: 'only files on disk have a stable revision in git' };
    const side = await stables.side(path, await settings.get(uri), { patient: true });
    if (!side.input || side.summary.state !== 'resolved') {
      return { ok: false, state: side.summary.state, message: side.summary.message ?? 'no stable revision' };
    }
    return {
      ok: true,
      text: side.input.file.text,
      ref: side.summary.ref ?? side.input.ref,
      sha: side.summary.sha ?? '',
      path: side.input.file.path,
      ...(side.renamedFrom ? { renamedFrom: side.renamedFrom } : {}),
      ...(side.summary.reason ? { reason: side.summary.reason } : {}),
    };
  });

  onCustomRequest(connection, MarkStableRequest.method, async ({ uri }: MarkStableRequest.Params): Promise<MarkStableRequest.Result> => {
    const path = uriToPath(uri);
    if (!path) return { ok: false, message: 'save the file in a git repository first' };
    if (!(await settings.get(uri)).git.enabled) return { ok: false, message: `cannot mark a stable revision: ${GIT_OFF_MESSAGE}` };
    const repository = await repositoryOf(path);
    if (!('root' in repository)) return { ok: false, message: repository.message };
    const result = await markStable(repository.root);
    if (result.ok) {
      stables.forget();
      onStableChanged();
    }
    return result;
  });

  onCustomRequest(connection, ListRevisionsRequest.method, async ({ uri }: ListRevisionsRequest.Params): Promise<ListRevisionsRequest.Result> => {
    const path = uriToPath(uri);
    if (!path) return { ok: false, message: 'only files on disk have revisions' };
    const current = await settings.get(uri);
    if (!current.git.enabled) return { ok: false, message: `cannot list revisions: ${GIT_OFF_MESSAGE}` };
    const repository = await repositoryOf(path);
    if (!('root' in repository)) return { ok: false, message: repository.message };
    return listRevisions(repository.root, { tagPattern: current.stableTagPattern, commits: 30 });
  });

  onCustomRequest(connection, TrafficPictureRequest.method, async ({ uri }: TrafficPictureRequest.Params): Promise<TrafficPictureRequest.Result> => {
    const analysis = await analyses.get(uri);
    if (!analysis) return { ok: false, message: 'the document is not open' };
    if (!analysis.report.model) return { ok: false, message: 'this file is not a load-balancer config lb-drift reads' };
    const pools = trafficPools(analysis);
    return { ok: true, version: analysis.version, ...(analysis.stable ? { stable: stableSummary(analysis) } : {}), pools };
  });
}
