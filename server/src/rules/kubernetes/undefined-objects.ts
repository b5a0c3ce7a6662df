/**
 * undefined-pool for Kubernetes models: an Istio subset that the host's DestinationRules do not
 * define, a Service name within two edits of a Service of the repository (a probable typo), and
 * an ingress-nginx canary without a main Ingress for its host and path. A Service that is simply
 * not in the repository is normal (it may be deployed from elsewhere) and not reported.
 */
import type { Definition, Model, Reference } from '../../core/model';
import type { RuleContext } from '../../core/rule';
import { editDistance } from '../../core/text';

/** What a reference gets: a message, and the name the quick fix writes when there is one. */
interface Verdict {
  readonly message: string;
  readonly fix?: { readonly title: string; readonly newText: string };
}

/**
 * The verdicts of the last model checked, by reference (kind, name, context), while the
 * definitions' kinds, names, scopes and labels stay the same. A verdict depends on nothing else
 * (the canary's also on `complete` and its split pool, both in its key), and its location is the
 * reference's own, so an edit that moves every document after it, or changes a weight, reuses
 * them instead of indexing thousands of definitions and comparing names again.
 */
let memo: { readonly definitions: readonly string[]; readonly verdicts: Verdicts; last?: LastCheck } | undefined;

/**
 * Verdicts by kind, name, then context (for a canary `complete`): maps in turn rather than one
 * joined key, since the names are kept strings whose hash is already known, and a joined key
 * would be a new string to flatten and hash per reference on every edit.
 */
type Verdicts = Map<string, Map<string, Map<string, Verdict | null>>>;

/**
 * The last model's references (kind, name and verdict scope of each, flat) and which of them got
 * a verdict: when the next model's are the same in the same order, as after an edit of a weight,
 * only those are reported again, without a lookup per reference.
 */
interface LastCheck {
  readonly references: readonly string[];
  readonly reported: readonly (readonly [number, Verdict])[];
}

export function checkUndefinedObjects(context: RuleContext): void {
  const { model } = context;
  const all = model.definitions ?? [];
  if (!memo || !sameDefinitions(memo.definitions, all)) memo = { definitions: definitionFields(all), verdicts: new Map() };
  let splits: Set<string> | undefined;
  const splitNamed = (name: string) => (splits ??= new Set(model.pools.filter((p) => p.dialect === 'ingress-nginx' && p.kind === 'split').map((p) => p.name))).has(name);
  // What else than its kind and name a reference's verdict depends on.
  const scopeOf = (reference: Reference): string => (reference.kind === 'canary' ? (splitNamed(reference.name) ? 'split' : String(model.complete)) : reference.context);
  const last = memo.last;
  if (last && sameReferences(last.references, model.references, scopeOf)) {
    for (const [i, verdict] of last.reported) report(context, model.references[i]!, verdict);
    return;
  }
  const verdicts = memo.verdicts;
  const references: string[] = [];
  const reported: [number, Verdict][] = [];
  let index: DefinitionIndex | undefined;
  model.references.forEach((reference, i) => {
    const { kind } = reference;
    const scope = scopeOf(reference);
    references.push(kind, reference.name, scope);
    if (kind === 'canary' && scope === 'split') return;
    if (kind !== 'subset' && kind !== 'destination' && kind !== 'backendRef' && kind !== 'canary') return;
    let ofKind = verdicts.get(kind);
    if (!ofKind) verdicts.set(kind, (ofKind = new Map()));
    let ofName = ofKind.get(reference.name);
    if (!ofName) ofKind.set(reference.name, (ofName = new Map()));
    let verdict = ofName.get(scope);
    if (verdict === undefined) {
      index ??= new DefinitionIndex(all);
      verdict = (kind === 'subset' ? subset(index, reference) : kind === 'canary' ? canary(model, index, reference) : service(index, reference)) ?? null;
      ofName.set(scope, verdict);
    }
    if (verdict) {
      reported.push([i, verdict]);
      report(context, reference, verdict);
    }
  });
  memo.last = { references, reported };
}

function sameReferences(fields: readonly string[], references: readonly Reference[], scopeOf: (reference: Reference) => string): boolean {
  if (fields.length !== references.length * 3) return false;
  for (let i = 0; i < references.length; i++) {
    const r = references[i]!;
    if (fields[i * 3] !== r.kind || fields[i * 3 + 1] !== r.name || fields[i * 3 + 2] !== scopeOf(r)) return false;
  }
  return true;
}

function report(context: RuleContext, reference: Reference, verdict: Verdict): void {
  const { fix } = verdict;
  context.report({
    message: verdict.message,
    loc: reference.nameLoc,
    ...(fix ? { fixes: [{ title: fix.title, safety: 'unsafe' as const, intents: [{ kind: 'edit' as const, edits: [{ loc: reference.nameLoc, newText: fix.newText }] }] }] } : {}),
  });
}

/** The fields of every definition a verdict reads, in order, flat. */
function definitionFields(definitions: readonly Definition[]): string[] {
  const fields: string[] = [];
  for (const d of definitions) fields.push(d.kind, d.name, d.scope, d.label);
  return fields;
}

function sameDefinitions(fields: readonly string[], definitions: readonly Definition[]): boolean {
  if (fields.length !== definitions.length * 4) return false;
  for (let i = 0; i < definitions.length; i++) {
    const d = definitions[i]!;
    if (fields[i * 4] !== d.kind || fields[i * 4 + 1] !== d.name || fields[i * 4 + 2] !== d.scope || fields[i * 4 + 3] !== d.label) return false;
  }
  return true;
}

/**
 * The definitions by kind and name and by kind and scope, in their order, so a manifest with
 * thousands of references and definitions is checked in linear time, not in their product.
 */
class DefinitionIndex {
  private byName?: Map<string, Map<string, Definition[]>>;
  private byScope?: Map<string, Map<string, Definition[]>>;

  constructor(private readonly all: readonly Definition[]) {}

  named(kind: string, name: string): readonly Definition[] {
    this.byName ??= group(this.all, 'name');
    return this.byName.get(kind)?.get(name) ?? [];
  }

  scoped(kind: string, scope: string): readonly Definition[] {
    this.byScope ??= group(this.all, 'scope');
    return this.byScope.get(kind)?.get(scope) ?? [];
  }
}

function group(definitions: readonly Definition[], by: 'name' | 'scope'): Map<string, Map<string, Definition[]>> {
  const out = new Map<string, Map<string, Definition[]>>();
  for (const definition of definitions) {
    let ofKind = out.get(definition.kind);
    if (!ofKind) out.set(definition.kind, (ofKind = new Map()));
    const list = ofKind.get(definition[by]);
    if (list) list.push(definition);
    else ofKind.set(definition[by], [definition]);
  }
  return out;
}

function subset(definitions: DefinitionIndex, reference: Reference): Verdict | undefined {
  const rules = definitions.named('DestinationRule', reference.context);
  if (rules.length === 0) return undefined;
  const defined = definitions.scoped('subset', reference.context);
  if (defined.some((d) => d.name === reference.name)) return undefined;
  const close = defined.find((d) => editDistance(d.name, reference.name) <= 2);
  return {
    message:
      `Subset ${reference.name} is not defined by ${rules.map((r) => r.label).join(' or ')} for ${reference.context}` +
      ` (${defined.length === 0 ? 'it defines no subsets' : `subsets: ${[...new Set(defined.map((d) => d.name))].join(', ')}`}): Istio has no cluster for it, and requests routed there fail with 503.` +
      (close ? ` Did you mean ${close.name}?` : ''),
    ...(close ? { fix: { title: `Change to ${close.name}`, newText: close.name } } : {}),
  };
}

function service(definitions: DefinitionIndex, reference: Reference): Verdict | undefined {
  // A destination's context is its qualified host; a backendRef's is its namespace.
  const target = reference.kind === 'destination' ? /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(reference.context) : [reference.context, reference.name, reference.context];
  if (!target) return undefined;
  const [name, namespace] = reference.kind === 'destination' ? [target[1]!, target[2]!] : [reference.name, reference.context];
  if (definitions.named('Service', name).some((d) => d.scope === namespace)) return undefined;
  const services = definitions.scoped('Service', namespace);
  const close = services.find((d) => editDistance(d.name, name) <= 2);
  if (!close) return undefined;
  const written = reference.name.startsWith(`${name}.`) ? `${close.name}${reference.name.slice(name.length)}` : close.name;
  return {
    message: `No Service ${name} in namespace ${namespace} is in the repository, but ${close.label} is ${editDistance(close.name, name)} edit${editDistance(close.name, name) === 1 ? '' : 's'} away: probably a typo. Traffic to a Service that does not exist fails (503 from Istio, 500 from a Gateway).`,
    fix: { title: `Change to ${written}`, newText: written },
  };
}

/** A canary that makes no split pool (one that does has its main Ingress). */
function canary(model: Model, definitions: DefinitionIndex, reference: Reference): Verdict | undefined {
  // Without the rest of the repository the main Ingress may well exist elsewhere.
  if (!model.complete) return undefined;
  if (definitions.named('Ingress path', reference.name).length > 0) return undefined;
  return {
    message: `No main Ingress in the repository serves ${reference.name}: ingress-nginx ignores a canary until a non-canary Ingress has the same host and path, so this canary gets no traffic.`,
  };
}
