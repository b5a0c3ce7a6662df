/**
 * undefined-pool for Kubernetes models: an Istio subset that the host's DestinationRules do not
 * define, a Service name within two edits of a Service of the repository (a probable typo), and
 * an ingress-nginx canary without a main Ingress for its host and path. A Service that is simply
 * not in the repository is normal (it may be deployed from elsewhere) and not reported.
 */
import type { Definition, Model, Reference } from '../../core/model';
import type { RuleContext } from '../../core/rule';
import { editDistance } from '../../core/text';

export function checkUndefinedObjects(context: RuleContext): void {
  const { model } = context;
  const definitions = new DefinitionIndex(model.definitions ?? []);
  let splits: Set<string> | undefined;
  const splitNamed = (name: string) => (splits ??= new Set(model.pools.filter((p) => p.dialect === 'ingress-nginx' && p.kind === 'split').map((p) => p.name))).has(name);
  for (const reference of model.references) {
    if (reference.kind === 'subset') subset(context, definitions, reference);
    else if (reference.kind === 'destination' || reference.kind === 'backendRef') service(context, definitions, reference);
    else if (reference.kind === 'canary' && !splitNamed(reference.name)) canary(context, model, definitions, reference);
  }
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

function subset(context: RuleContext, definitions: DefinitionIndex, reference: Reference): void {
  const rules = definitions.named('DestinationRule', reference.context);
  if (rules.length === 0) return;
  const defined = definitions.scoped('subset', reference.context);
  if (defined.some((d) => d.name === reference.name)) return;
  const close = defined.find((d) => editDistance(d.name, reference.name) <= 2);
  context.report({
    message:
      `Subset ${reference.name} is not defined by ${rules.map((r) => r.label).join(' or ')} for ${reference.context}` +
      ` (${defined.length === 0 ? 'it defines no subsets' : `subsets: ${[...new Set(defined.map((d) => d.name))].join(', ')}`}): Istio has no cluster for it, and requests routed there fail with 503.` +
      (close ? ` Did you mean ${close.name}?` : ''),
    loc: reference.nameLoc,
    ...(close ? { fixes: [{ title: `Change to ${close.name}`, safety: 'unsafe' as const, intents: [{ kind: 'edit' as const, edits: [{ loc: reference.nameLoc, newText: close.name }] }] }] } : {}),
  });
}

function service(context: RuleContext, definitions: DefinitionIndex, reference: Reference): void {
  // A destination's context is its qualified host; a backendRef's is its namespace.
  const target = reference.kind === 'destination' ? /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(reference.context) : [reference.context, reference.name, reference.context];
  if (!target) return;
  const [name, namespace] = reference.kind === 'destination' ? [target[1]!, target[2]!] : [reference.name, reference.context];
  if (definitions.named('Service', name).some((d) => d.scope === namespace)) return;
  const services = definitions.scoped('Service', namespace);
  const close = services.find((d) => editDistance(d.name, name) <= 2);
  if (!close) return;
  const written = reference.name.startsWith(`${name}.`) ? `${close.name}${reference.name.slice(name.length)}` : close.name;
  context.report({
    message: `No Service ${name} in namespace ${namespace} is in the repository, but ${close.label} is ${editDistance(close.name, name)} edit${editDistance(close.name, name) === 1 ? '' : 's'} away: probably a typo. Traffic to a Service that does not exist fails (503 from Istio, 500 from a Gateway).`,
    loc: reference.nameLoc,
    fixes: [{ title: `Change to ${written}`, safety: 'unsafe', intents: [{ kind: 'edit', edits: [{ loc: reference.nameLoc, newText: written }] }] }],
  });
}

/** A canary that makes no split pool (one that does has its main Ingress). */
function canary(context: RuleContext, model: Model, definitions: DefinitionIndex, reference: Reference): void {
  // Without the rest of the repository the main Ingress may well exist elsewhere.
  if (!model.complete) return;
  if (definitions.named('Ingress path', reference.name).length > 0) return;
  context.report({
    message: `No main Ingress in the repository serves ${reference.name}: ingress-nginx ignores a canary until a non-canary Ingress has the same host and path, so this canary gets no traffic.`,
    loc: reference.nameLoc,
  });
}
