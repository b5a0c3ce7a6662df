/**
 * `lb-drift shares`: the predicted share of every member of every pool.
 */
import { parseArgs } from 'node:util';
import { formatPoolShares } from '../format-shares';
import type { CliIo } from '../io';
import { displayPath, loadReports, parseDialect, targetsOf } from '../load';
import { noBalancerConfig } from '../select';
import { Positions } from '../positions';
import { deliverPaced } from '../emit';
import { jsonShareChunks } from '../format-json';
import { OutputCollector } from '../output-collector';
import { EXIT_CLEAN, EXIT_USAGE, UsageError } from '../usage';

export async function runShares(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      dialect: { type: 'string' },
      'nginx-prefix': { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('shares needs a FILE (or folder) to read');
  const format = values.format!;
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}"; use text or json`);
  const dialect = parseDialect(values.dialect);
  const loaded = loadReports(positionals, {
    ...(dialect ? { dialect } : {}),
    ...(values['nginx-prefix'] ? { nginxPrefix: values['nginx-prefix'] } : {}),
  });
  // No balancer config at all is an error, never "No pools found": the path is probably wrong.
  if (loaded.reports.length === 0 && loaded.errors.length === 0) loaded.errors.push(noBalancerConfig(positionals, targetsOf(positionals).targets.length));
  for (const error of loaded.errors) io.error(`${io.errorStyle('red', 'error:')} ${error}\n`);

  const sources = new Map<string, string>();
  for (const report of loaded.reports) for (const [path, text] of report.sources) sources.set(path, text);
  const positions = new Positions((file) => sources.get(file));
  if (format === 'json') {
    // Pools are printed from the analyses, which stay loaded anyway (pool-view.ts); findings are
    // collected only for the order of the files, so without their details.
    const collector = new OutputCollector(displayPath, { pools: true, details: false, inPlace: true });
    for (const report of loaded.reports) collector.add(report);
    // Paced as check's report is: a 10 MB file's pools are tens of megabytes of JSON, which a
    // slower reader (| jq) would otherwise find queued whole in memory behind it.
    await deliverPaced(io, jsonShareChunks(collector.files()), undefined);
  } else {
    // A pool reached from several roots (an included file) is printed once.
    const printed = new Set<string>();
    let headerFile: string | undefined;
    for (const report of loaded.reports) {
      for (const pool of report.model?.pools ?? []) {
        const key = `${pool.loc.file}\u0000${pool.loc.start}`;
        if (printed.has(key)) continue;
        printed.add(key);
        if (pool.loc.file !== headerFile) {
          headerFile = pool.loc.file;
          io.write(`${io.style('underline', displayPath(pool.loc.file))}\n`);
        }
        io.write(`${formatPoolShares(pool, report.shares(pool), positions.line(pool.loc), io.style)}\n\n`);
      }
    }
    const files = new Set(loaded.reports.flatMap((r) => [...r.sources.keys()])).size;
    if (printed.size === 0 && files > 0) io.write(`No pools found in ${files} ${files === 1 ? 'file' : 'files'}.\n`);
  }
  const parseFailed = loaded.reports.some((r) => r.problems.some((p) => p.kind === 'syntax'));
  return loaded.errors.length > 0 || parseFailed ? EXIT_USAGE : EXIT_CLEAN;
}
