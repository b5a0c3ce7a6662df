/**
 * The Kubernetes figures of `npm run bench` (sections `k8s-edits` and `k8s-sniff`): one weight
 * edit in a 1 MB multi-document manifest -> diagnostics of that version through the real server
 * over stdio (the budget is p95 <= 50 ms: only the edited `---` document is read again), and what
 * the sniff costs on YAML files that are not balancer configs (<= 1 ms per MB, invariant 9).
 */
import { noIncludes } from '../server/src/core/dialect';
import { analyzeFile } from '../server/src/engine/analyze';
import { detectDialect } from '../server/src/engine/detect';
import { measureEdits } from './edit-latency';
import { kubernetesManifest, middleWeight, nonBalancerYaml } from './kubernetes-generate';
import { minMedian, num, quantile, spread, time } from './stats';

const MB = 1024 * 1024;

export type RowSink = (figure: string, input: string, value: string, budget: string, section: string) => void;

export async function kubernetesEdits(server: string, count: number, row: RowSink): Promise<void> {
  const text = kubernetesManifest(MB);
  const documents = text.split(/^---$/m).length - 1;
  // A digit typed before a split weight (90 -> 190) and deleted again: the route's shares change.
  const cpu: number[] = [];
  const times = await measureEdits(server, text, count, { uri: 'file:///bench/mesh.yaml', languageId: 'yaml', at: middleWeight(text), insert: '1' }, cpu);
  const onCpu = cpu.length > 0 ? `; server main thread on CPU p50 ${num(quantile(cpu, 0.5))} ms, p95 ${num(quantile(cpu, 0.95))} ms` : '';
  const value = `p50 ${num(quantile(times, 0.5))} ms, p95 ${num(quantile(times, 0.95))} ms, max ${num(Math.max(...times))} ms (${count} edits)${onCpu}`;
  const input = `Kubernetes manifest, ${num(text.length / MB)} MB, ${documents} documents`;
  row('weight edit -> diagnostics of that version, real server over stdio', input, value, 'p95 <= 50 ms', 'k8s-edits');
  const engine = engineEdits(text, count);
  row('of which the engine (incremental analyzeFile, in-process)', input, `p50 ${num(quantile(engine, 0.5))} ms, p95 ${num(quantile(engine, 0.95))} ms (${count} edits)`, '', 'k8s-edits');
}

/** The same edits analysed in this process, each from the previous version's report: the engine's share of the figure above. */
function engineEdits(text: string, count: number): number[] {
  const path = '/bench/mesh.yaml';
  const { line, character } = middleWeight(text);
  const at = text.split('\n').slice(0, line).join('\n').length + 1 + character;
  const edited = `${text.slice(0, at)}1${text.slice(at)}`;
  let previous = analyzeFile({ path, text }, noIncludes, { dialect: 'kubernetes' });
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const next = i % 2 === 0 ? edited : text;
    const [report, ms] = time(() => analyzeFile({ path, text: next }, noIncludes, { dialect: 'kubernetes', previous }));
    previous = report;
    times.push(ms);
  }
  return times;
}

export function kubernetesSniff(row: RowSink): void {
  for (const [kind, text] of Object.entries(nonBalancerYaml(MB))) {
    const path = kind === 'workflow' ? '/repo/.github/workflows/ci.yml' : kind === 'compose' ? '/repo/compose.yaml' : '/repo/chart/values.yaml';
    if (detectDialect(path, text)) throw new Error(`the ${kind} file was taken for a balancer config: the sniff figure would be wrong`);
    const times: number[] = [];
    for (let i = 0; i < 60; i++) times.push(time(() => detectDialect(path, text))[1]);
    const perMb = spread(times.slice(10).map((ms) => ms / (text.length / MB)));
    row('sniff of a non-balancer YAML file', `${kind} (${path.slice(path.lastIndexOf('/') + 1)}), ${num(text.length / MB)} MB`, minMedian(perMb, 'ms per MB'), '<= 1 ms per MB', 'k8s-sniff');
  }
}
