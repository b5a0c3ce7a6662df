/**
 * What the workspace view needs to know about one config file, whatever its dialect: whether it
 * is a main config (one a balancer starts from) and which include patterns it names. Each
 * dialect that has files including other files supplies a reader; the view itself knows none.
 */
import type { DialectId } from '../core/model';

export interface ConfigFacts {
  readonly dialect: DialectId;
  /** A file the balancer starts from (nginx: `nginx.conf`, or `events`/`http` at top level). */
  readonly main: boolean;
  /** The include arguments as written, in order. */
  readonly includes: readonly string[];
}

export interface FactsReader {
  readonly dialect: DialectId;
  /** A cheap look at the path alone: could this file be a config of the dialect (worth reading)? */
  mayBeConfig(path: string): boolean;
  /** The facts of a file, or undefined when it is not a config of the dialect. */
  read(path: string, text: string): ConfigFacts | undefined;
}

export function sameFacts(a: ConfigFacts | undefined, b: ConfigFacts | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.dialect === b.dialect && a.main === b.main && a.includes.length === b.includes.length && a.includes.every((p, i) => p === b.includes[i]);
}
