/**
 * Every dialect lb-drift reads, in the order sniffing tries them.
 */
import type { Dialect } from '../core/dialect';
import type { DialectId } from '../core/model';
import { haproxyDialect } from './haproxy';
import { kubernetesDialect } from './kubernetes';
import { nginxDialect } from './nginx';

export const DIALECTS: readonly Dialect[] = [nginxDialect, haproxyDialect, kubernetesDialect];

export function dialectById(id: DialectId): Dialect | undefined {
  return DIALECTS.find((d) => d.id === id);
}
