/**
 * Go to definition and find references between Kubernetes manifests, across the files of the
 * repository: an Istio destination's subset to the DestinationRule that defines it, a destination
 * host, a Gateway API backendRef or an Ingress backend to its Service, a canary Ingress to its main
 * Ingress (dialects/kubernetes/links.ts says how each name resolves). A name whose object is not in
 * the repository has no definition, and that is no error: the Service may be deployed from
 * elsewhere.
 */
import type { Location } from 'vscode-languageserver/node';
import { loc } from '../../core/span';
import { definitionKey, linksOf, siteAt, type LinkSite } from '../../dialects/kubernetes/links';
import type { DocumentAnalysis } from '../document-analysis';
import { FileLocations, type ManifestReader } from './kubernetes-files';

export function kubernetesDefinition(analysis: DocumentAnalysis, offset: number, reader: ManifestReader): Location[] | null {
  const { path, document } = analysis;
  const use = siteAt(linksOf(path, document.getText()).uses, offset);
  if (!use) return null;
  // The analysis already knows which related files define the key: only those are read.
  const files = new Set([path]);
  for (const definition of analysis.report.model?.definitions ?? []) {
    if (definition.file !== path && definitionKey(definition) === use.key) files.add(definition.file);
  }
  const found = sitesWithKey(analysis, reader, [...files], use.key, 'targets');
  return found.length > 0 ? found : null;
}

/** Every use of the object named or defined at the offset, in the repository's manifests. */
export function kubernetesReferences(analysis: DocumentAnalysis, offset: number, includeDeclaration: boolean, reader: ManifestReader): Location[] {
  const { path, document } = analysis;
  const links = linksOf(path, document.getText());
  const site = siteAt(links.targets, offset) ?? siteAt(links.uses, offset);
  if (!site) return [];
  const files = [path, ...reader.related(path).map((f) => f.path)];
  const uses = sitesWithKey(analysis, reader, files, site.key, 'uses');
  return includeDeclaration ? [...sitesWithKey(analysis, reader, files, site.key, 'targets'), ...uses] : uses;
}

function sitesWithKey(analysis: DocumentAnalysis, reader: ManifestReader, files: readonly string[], key: string, side: 'uses' | 'targets'): Location[] {
  const { path, document } = analysis;
  const others = new FileLocations();
  const out: Location[] = [];
  for (const file of files) {
    const text = file === path ? document.getText() : reader.text(file);
    if (text === undefined) continue;
    const sites: readonly LinkSite[] = linksOf(file, text)[side];
    for (const site of sites) {
      if (site.key !== key) continue;
      out.push(
        file === path
          ? { uri: document.uri, range: { start: document.positionAt(site.span.start), end: document.positionAt(site.span.end) } }
          : others.location(loc(file, site.span), text),
      );
    }
  }
  return out;
}
