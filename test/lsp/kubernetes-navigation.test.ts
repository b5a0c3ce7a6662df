/**
 * Go to definition and find references between Kubernetes manifests in different files, through
 * the real language server over stdio: Istio subsets to their DestinationRule (short and fully
 * qualified hosts), destination hosts and Gateway API backendRefs to their Service (namespaces as
 * written, else the route's, as Gateway API defaults them), Ingress backends to their Service and
 * a canary Ingress to its main Ingress. Decoys with the same names in other namespaces must not be
 * found; a Service that is not in the repository has no definition and no error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE } from '../fixtures/kubernetes-workspace/files';
import { KubernetesSession } from '../fixtures/kubernetes-workspace/session';
import { workspaceSession } from './workspace-session';

const VS = 'istio/reviews-vs.yaml';
const ROUTE = 'gateway/store-route.yaml';
const CANARY = 'canary/web-canary.yaml';
const MAIN = 'ingress/web.yaml';
const DR = 'mesh/reviews-dr.yaml';

const session = new KubernetesSession(WORKSPACE);
beforeAll(async () => {
  await session.start();
  for (const file of [VS, ROUTE, CANARY, MAIN, DR]) await session.open(file);
});
afterAll(async () => {
  await session.client.shutdown();
});

describe('go to definition across manifests', () => {
  it('goes from a subset to the subset of the DestinationRule for the same host and namespace', async () => {
    expect(await session.definition(VS, session.at(VS, 'subset: v1', 0, 'subset: '.length + 1))).toEqual(['mesh/reviews-dr.yaml:9:v1']);
    // A fully qualified host names the same DestinationRule as the short one.
    expect(await session.definition(VS, session.at(VS, 'subset: v2', 0, 'subset: '.length + 1))).toEqual(['mesh/reviews-dr.yaml:12:v2']);
  });

  it('goes from a destination host to its Service, short or qualified, and resolves host.namespace', async () => {
    expect(await session.definition(VS, session.at(VS, 'host: reviews', 1, 'host: '.length + 2))).toEqual(['services/bookinfo.yaml:4:reviews']);
    expect(await session.definition(VS, session.at(VS, 'host: reviews.bookinfo', 0, 'host: '.length + 2))).toEqual(['services/bookinfo.yaml:4:reviews']);
    expect(await session.definition(VS, session.at(VS, 'ratings.shared', 0, 2))).toEqual(['services/bookinfo.yaml:20:ratings']);
  });

  it('has no definition, and no error, for a Service that is not in the repository', async () => {
    expect(await session.definition(VS, session.at(VS, 'details'))).toEqual([]);
    expect(await session.definition(ROUTE, session.at(ROUTE, 'elsewhere'))).toEqual([]);
    expect(session.client.stderr).not.toMatch(/failed/);
  });

  it("goes from a backendRef to its Service in the route's namespace, or in the namespace it names", async () => {
    expect(await session.definition(ROUTE, session.at(ROUTE, 'store-v1'))).toEqual(['services/store.yaml:4:store-v1']);
    expect(await session.definition(ROUTE, session.at(ROUTE, 'store-v2'))).toEqual(['services/store.yaml:16:store-v2']);
  });

  it('goes from a canary Ingress to the main Ingress path with the same host and path', async () => {
    expect(await session.definition(CANARY, session.at(CANARY, 'path: /', 0, 'path: '.length))).toEqual(['ingress/web.yaml:12:/']);
    expect(await session.definition(CANARY, session.at(CANARY, '"true"'))).toEqual(['ingress/web.yaml:12:/']);
    expect(await session.definition(CANARY, session.at(CANARY, 'web-v2'))).toEqual(['services/store.yaml:22:web-v2']);
  });

  it("goes from a main Ingress's backend to its Service", async () => {
    expect(await session.definition(MAIN, session.at(MAIN, 'name: web\n', 1, 'name: '.length + 1))).toEqual(['services/store.yaml:28:web']);
  });
});

describe('references across manifests', () => {
  it('lists the destinations that use a subset, from its DestinationRule', async () => {
    const found = await session.references(DR, session.at(DR, 'name: v1', 0, 'name: '.length + 1), true);
    expect(found).toEqual(['istio/reviews-vs.yaml:14:v1', 'mesh/reviews-dr.yaml:9:v1']);
  });

  it('lists every place that names a Service: destination hosts, and only in its namespace', async () => {
    const found = await session.references(VS, session.at(VS, 'host: reviews', 1, 'host: '.length + 2), false);
    expect(found).toEqual(['istio/reviews-vs.yaml:13:reviews', 'istio/reviews-vs.yaml:17:reviews.bookinfo.svc.cluster.local', 'mesh/reviews-dr.yaml:7:reviews']);
  });

  it('lists the canaries of a main Ingress path', async () => {
    const found = await session.references(MAIN, session.at(MAIN, 'path: /', 0, 'path: '.length), false);
    expect(found).toEqual(['canary/web-canary.yaml:15:/', 'canary/web-canary.yaml:7:"true"']);
  });
});

describe('a manifest without a file', () => {
  it('finds references inside a manifest that has no file, and looks in no folder for more', async () => {
    const uri = 'untitled:reviews-vs.yaml';
    await session.client.open(uri, WORKSPACE[VS]!, 'yaml');
    await session.client.diagnostics(uri, 1);
    const found = await session.client.connection.sendRequest<unknown[]>('textDocument/references', {
      textDocument: { uri },
      position: session.at(VS, 'host: reviews', 1, 'host: '.length + 2),
      context: { includeDeclaration: true },
    });
    // The document's own uses of the Service are found; nothing from any folder.
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((l) => (l as { uri: string }).uri === uri)).toBe(true);
  });
});

describe('in an editor with the repository as its workspace folder', () => {
  it('finds the same references through the workspace view', async () => {
    const { client } = await workspaceSession(session.root);
    try {
      await client.open(session.uri(VS), WORKSPACE[VS]!, 'yaml');
      await client.diagnostics(session.uri(VS), 1);
      const found = await client.connection.sendRequest<{ uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]>('textDocument/references', {
        textDocument: { uri: session.uri(VS) },
        position: session.at(VS, 'host: reviews', 1, 'host: '.length + 2),
        context: { includeDeclaration: true },
      });
      expect(found.map((l) => session.describe(l)).sort()).toEqual([
        'istio/reviews-vs.yaml:13:reviews',
        'istio/reviews-vs.yaml:17:reviews.bookinfo.svc.cluster.local',
        'mesh/reviews-dr.yaml:7:reviews',
        'services/bookinfo.yaml:4:reviews',
      ]);
    } finally {
      await client.shutdown();
    }
  });
});
