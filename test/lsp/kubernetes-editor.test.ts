/**
 * The editor on Kubernetes manifests, through the real language server over stdio: the outline
 * (one symbol per object named by kind, name and namespace, with routes, destinations, subsets,
 * backendRefs and Ingress paths and their shares), folding per document and per route, hovers
 * that say how each system computes a share (Istio's normalisation of weights that do not sum to
 * 100, Gateway API's default weight of 1, a canary weight against its total), and inlay hints on
 * every destination, backendRef and canary, at the end of the member's last line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE } from '../fixtures/kubernetes-workspace/files';
import { KubernetesSession, outlineText } from '../fixtures/kubernetes-workspace/session';

const VS = 'istio/reviews-vs.yaml';
const ROUTE = 'gateway/store-route.yaml';
const CANARY = 'canary/web-canary.yaml';
const DR = 'mesh/reviews-dr.yaml';
const DETAILS = 'istio/details-vs.yaml';

const session = new KubernetesSession(WORKSPACE);
beforeAll(async () => {
  await session.start();
  for (const file of [VS, ROUTE, CANARY, DR, DETAILS]) await session.open(file);
});
afterAll(async () => {
  await session.client.shutdown();
});

describe('outline', () => {
  it('has one symbol per object, with its routes and the share of each destination', async () => {
    expect(outlineText(await session.symbols(VS))).toEqual([
      'VirtualService reviews (bookinfo)',
      '  http[canary]',
      '    reviews subset v1 — weight 60 · 67%',
      '    reviews.bookinfo.svc.cluster.local subset v2 — weight 20 · 22%',
      '    details — weight 10 · 11%',
      '  http[default]',
      '    ratings.shared — no weight · 100%',
    ]);
  });

  it('lists DestinationRule subsets, Gateway API backendRefs and Ingress paths', async () => {
    expect(outlineText(await session.symbols(DR))).toEqual([
      'DestinationRule reviews (bookinfo) — host reviews',
      '  subset v1',
      '  subset v2',
      'DestinationRule reviews (decoy) — host reviews',
      '  subset v1',
    ]);
    expect(outlineText(await session.symbols(ROUTE))).toEqual([
      'HTTPRoute store (shop)',
      '  rule 1',
      '    store-v1:8080 — weight 3 · 60%',
      '    payments/store-v2:8080 — weight 1 · 20%',
      '    elsewhere:8080 — weight 1 · 20%',
    ]);
    expect(outlineText(await session.symbols(CANARY))).toEqual(['Ingress web-canary (web) — canary', '  web.example.com / — → web-v2:80 · canary web/web-canary weight 20 · 20%']);
  });

  it('gives each object the range of its document and selects its name', async () => {
    const [second] = (await session.symbols(DR)).slice(1);
    expect(second!.range.start.line).toBe(session.at(DR, 'apiVersion', 1).line);
    expect(second!.selectionRange.start).toEqual(session.at(DR, 'reviews', 2, 0));
  });
});

describe('folding', () => {
  it('folds each document and each route, once', async () => {
    const folds = await session.folds(DR);
    const secondDocument = session.at(DR, 'apiVersion', 1).line;
    expect(folds).toContainEqual({ startLine: 0, endLine: secondDocument - 2 });
    expect(folds).toContainEqual({ startLine: secondDocument, endLine: WORKSPACE[DR]!.trimEnd().split('\n').length - 1 });
    const routes = await session.folds(VS);
    expect(routes).toContainEqual({ startLine: session.at(VS, '- name: canary').line, endLine: session.at(VS, 'weight: 10').line });
    expect(routes).toContainEqual({ startLine: session.at(VS, '- name: default').line, endLine: session.at(VS, 'ratings.shared').line });
    const keys = routes.map((f) => `${f.startLine}-${f.endLine}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('hover', () => {
  it("explains Istio's normalisation of weights that do not sum to 100", async () => {
    const text = await session.hover(VS, session.at(VS, 'subset: v1'));
    expect(text).toContain('**Share:** 67%');
    expect(text).toContain('Istio normalises the weights to weight / sum, 60 / 90 = 67% (the sum need not be 100)');
    expect(text).toContain('reviews.bookinfo.svc.cluster.local subset v2 22%, details 11%');
  });

  it("explains a lone Istio destination and Gateway API's default weight of 1", async () => {
    expect(await session.hover(VS, session.at(VS, 'ratings.shared'))).toContain('the only destination of the route gets all traffic (Istio ignores a lone weight)');
    const text = await session.hover(ROUTE, session.at(ROUTE, 'store-v2'));
    expect(text).toContain('weight 1 (not written: the Gateway API default of 1) of the rule');
    expect(text).toContain('1 / 5 = 20%');
  });

  it('explains a canary weight against its total, and names the main Ingress in its file', async () => {
    const canary = await session.hover(CANARY, session.at(CANARY, 'web-v2'));
    expect(canary).toContain('canary-weight 20 of 100: ingress-nginx sends the canary 20 / 100 = 20%');
    const main = await session.hover(CANARY, session.at(CANARY, '"true"'));
    expect(main).toContain('**main** (web:80)');
    expect(main).toContain('80 of every 100 requests that no header or cookie decided');
    expect(main).toMatch(/Main Ingress:\*\* in \[web\.yaml\]\(file:\/\/.*\/ingress\/web\.yaml\)/);
  });

  it('explains the canary share on its canary-weight annotation', async () => {
    const text = await session.hover(CANARY, session.at(CANARY, 'canary-weight: "20"', 0, 'canary-weight: "'.length));
    expect(text).toContain('**canary web/web-canary** (web-v2:80)');
    expect(text).toContain('**Share:** 20%');
  });
});

describe('hover: what the traffic reaches in the end', () => {
  it('adds up a destination listed twice (short and qualified host), and names the DestinationRule of its subset', async () => {
    const text = await session.hover(DETAILS, session.at(DETAILS, 'subset: v1'));
    expect(text).toContain('**End to end:** details.bookinfo.svc.cluster.local subset v1 is listed 2 times in this split, together 75% (50% + 25%)');
    expect(text).toMatch(/\*\*Subset:\*\* DestinationRule details \(bookinfo\) in \[details-vs\.yaml\]\(file:.*\) selects its pods/);
    expect(await session.hover(DETAILS, session.at(DETAILS, 'subset: v2'))).not.toContain('End to end');
  });

  it('finds the subset in a DestinationRule of another file, in the namespace the host resolves to', async () => {
    const text = await session.hover(VS, session.at(VS, 'subset: v1'));
    expect(text).toMatch(/\*\*Subset:\*\* DestinationRule reviews \(bookinfo\) in \[reviews-dr\.yaml\]\(file:.*\/mesh\/reviews-dr\.yaml\)/);
  });
});

describe('inlay hints', () => {
  it('labels every Istio destination after its last line, and each route once', async () => {
    expect(await session.hintPlaces(VS)).toEqual([
      '10: - name: canary [Istio route · 3 destinations]',
      '15: weight: 60 [≈ 67%]',
      '19: weight: 20 [≈ 22%]',
      '22: weight: 10 [≈ 11%]',
      '23: - name: default [Istio route · 1 destination]',
      '26: host: ratings.shared [≈ 100%]',
    ]);
  });

  it("labels a route in view even when its VirtualService's name is not", async () => {
    const range = { start: session.at(VS, '- name: default', 0, 0), end: session.at(VS, 'ratings.shared') };
    const hints = await session.client.connection.sendRequest<{ label: string }[]>('textDocument/inlayHint', { textDocument: { uri: session.uri(VS) }, range });
    expect(hints.map((h) => h.label)).toEqual(['Istio route · 1 destination', '≈ 100%']);
  });

  it('labels every backendRef, and both sides of a canary in the canary file', async () => {
    expect(await session.hintPlaces(ROUTE)).toEqual([
      '10: - backendRefs: [Gateway API rule · 3 backendRefs]',
      '13: weight: 3 [≈ 60%]',
      '16: port: 8080 [≈ 20%]',
      '18: port: 8080 [≈ 20%]',
    ]);
    expect(await session.hintPlaces(CANARY)).toEqual([
      '4: name: web-canary [canary split · canary-weight 20 of 100]',
      '7: nginx.ingress.kubernetes.io/canary: "true" [main web:80 ≈ 80%]',
      '21: number: 80 [≈ 20%]',
    ]);
  });

  it('labels the pods of a DestinationRule by its load balancer, not as an empty pool', async () => {
    expect(await session.hintPlaces(DR)).toEqual(['7: host: reviews [LEAST_REQUEST (Istio default)]', '22: host: reviews [LEAST_REQUEST (Istio default)]']);
  });
});

describe('after an edit (runs last: it changes the DestinationRule buffer)', () => {
  it('moves the outline, the folding and the definitions of the documents the edit did not touch', async () => {
    const before = await session.symbols(DR);
    const edited = session.client.diagnostics(session.uri(DR), 2);
    await session.client.change(session.uri(DR), 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# moved down one line\n' }]);
    await edited;
    const after = await session.symbols(DR);
    expect(after.map((s) => [s.name, s.range.start.line, s.selectionRange.start.line])).toEqual(before.map((s) => [s.name, s.range.start.line + 1, s.selectionRange.start.line + 1]));
    expect(after[1]!.children!.map((c) => c.selectionRange.start.line)).toEqual(before[1]!.children!.map((c) => c.selectionRange.start.line + 1));
    const secondDocument = session.at(DR, 'apiVersion', 1).line + 1;
    expect(await session.folds(DR)).toContainEqual({ startLine: secondDocument, endLine: WORKSPACE[DR]!.trimEnd().split('\n').length });
    // The VirtualService's definition reads the edited buffer, not the file on disk: v1 is a line lower.
    const [target] = await session.definition(VS, session.at(VS, 'subset: v1', 0, 'subset: '.length + 1));
    expect(target).toMatch(/^mesh\/reviews-dr\.yaml:10:/);
  });
});
