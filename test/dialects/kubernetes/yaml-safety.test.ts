/**
 * The Kubernetes dialect keeps YAML's structure and its own cost in hand: a file nesting flow
 * collections past MAX_FLOW_DEPTH is refused with one error before the `yaml` package composes it
 * (thousands of `{` cost it about 10 ms per KB), and a span edit (the unused-suppression fix's
 * line deletion, a renamed reference) that would add a YAML error or, deleting only comments,
 * change a value is made safe (a bare `#` stays) or refused.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { TextEdit } from '../../../server/src/core/fix';
import { kubernetesDialect } from '../../../server/src/dialects/kubernetes';
import { MAX_FLOW_DEPTH } from '../../../server/src/dialects/kubernetes/nesting';
import { applyEdits } from '../../../server/src/engine/fixes';

const PATH = '/k8s/a.yaml';
const analyze = (text: string) => kubernetesDialect.analyze({ path: PATH, text }, noIncludes);
const route = (backendRefs: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules:\n    - backendRefs: ${backendRefs}\n`;
const nested = (depth: number) => `${'['.repeat(depth)}{name: a, weight: 1}${']'.repeat(depth)}`;

describe('flow nesting depth', () => {
  it(`reads a manifest nesting ${MAX_FLOW_DEPTH} levels, refuses one deeper with one error at the first bracket past the limit`, () => {
    const within = route(nested(MAX_FLOW_DEPTH - 1));
    expect(analyze(within).problems.filter((p) => p.message.includes('levels deep'))).toEqual([]);

    const deep = route(nested(MAX_FLOW_DEPTH + 40));
    const { model, problems } = analyze(deep);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(`more than ${MAX_FLOW_DEPTH} levels deep`);
    expect(problems[0]!.loc.start).toBe(deep.indexOf('[') + MAX_FLOW_DEPTH);
    expect(model.pools).toEqual([]);
    expect(kubernetesDialect.folding?.(deep) ?? []).toEqual([]);
  });

  it('counts no bracket inside a quoted scalar or a comment', () => {
    const text = `${route('[{name: a, weight: 3}, {name: b, weight: 1}]')}# ${'['.repeat(400)}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: "${'['.repeat(400)}"}\n`;
    const { model, problems } = analyze(text);
    expect(problems).toEqual([]);
    expect(model.pools).toHaveLength(1);
  });
});

describe('span edits keep the YAML', () => {
  const fix = (text: string, edit: TextEdit) => kubernetesDialect.fix([{ kind: 'edit', edits: [edit] }], new Map([[PATH, text]]));
  const deleteLine = (text: string, line: string): TextEdit => {
    const start = text.indexOf(line);
    return { loc: { file: PATH, start, end: start + line.length }, newText: '' };
  };

  it('deletes a comment line where that changes nothing', () => {
    const text = `# lb-drift-disable-next-line split-weights-sum\n${route('[{name: a}]')}`;
    const edit = deleteLine(text, '# lb-drift-disable-next-line split-weights-sum\n');
    expect(fix(text, edit)).toEqual([edit]);
  });

  it('keeps a bare # where deleting the line would join a plain scalar with the next key', () => {
    for (const [text, line] of [
      ['server 10.0.0.1:80;\n# lb-drift-disable-next-line canary-weight-overflow\nkind: Ingress\n', '# lb-drift-disable-next-line canary-weight-overflow\n'],
      ['a: b\n---\nserver 10.0.0.1:80;\n  # lb-drift-disable-next-line split-weights-sum\r\nmetadata: {name: reviews}\n', '  # lb-drift-disable-next-line split-weights-sum\r\n'],
    ] as const) {
      const edits = fix(text, deleteLine(text, line));
      expect(edits).toEqual([{ loc: deleteLine(text, line).loc, newText: line.replace(/#.*/, '#') }]);
      expect(applyEdits(text, PATH, edits!)).toBe(text.replace(line, line.replace(/#.*/, '#')));
    }
  });

  it('keeps a bare # without parsing in a file nested too deep to read', () => {
    const line = '# lb-drift-disable-next-line split-weights-sum\n';
    const text = `${route('[{name: a}]')}---\n${line}${'{\n'.repeat(MAX_FLOW_DEPTH * 4)}`;
    expect(fix(text, deleteLine(text, line))).toEqual([{ loc: deleteLine(text, line).loc, newText: '#\n' }]);
  });

  it('refuses a replacement that adds a YAML error', () => {
    const text = route('[{name: a, weight: 1}]');
    const start = text.indexOf('name: a') + 'name: '.length;
    expect(fix(text, { loc: { file: PATH, start, end: start + 1 }, newText: 'b' })).toHaveLength(1);
    expect(fix(text, { loc: { file: PATH, start, end: start + 1 }, newText: 'b: [' })).toBeUndefined();
  });
});
