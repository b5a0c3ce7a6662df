/**
 * The facts readers of every dialect whose files include other files. A dialect added later
 * (Kubernetes manifests that reference each other) registers its reader here.
 */
import type { ConfigFacts, FactsReader } from './facts';
import { nginxFacts } from './nginx-facts';

export const FACTS_READERS: readonly FactsReader[] = [nginxFacts];

/** Whether any dialect could read this path: the workspace scan reads only such files. */
export function mayBeConfig(path: string): boolean {
  return FACTS_READERS.some((reader) => reader.mayBeConfig(path));
}

export function readFacts(path: string, text: string): ConfigFacts | undefined {
  for (const reader of FACTS_READERS) {
    if (!reader.mayBeConfig(path)) continue;
    const facts = reader.read(path, text);
    if (facts) return facts;
  }
  return undefined;
}
