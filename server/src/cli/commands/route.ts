/**
 * `lb-drift route FILE --pool NAME`: replays requests (JSON Lines on stdin) through a fresh
 * emulated balancer and prints, per request, the address of the member it picks.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Pool } from '../../core/model';
import { createRouter, type RouteRequest } from '../../traffic';
import type { CliIo } from '../io';
import { loadReports, parseDialect } from '../load';
import { EXIT_CLEAN, EXIT_USAGE, UsageError } from '../usage';

export async function runRoute(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      pool: { type: 'string' },
      dialect: { type: 'string' },
      'nginx-prefix': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('route needs exactly one FILE');
  if (!values.pool) throw new UsageError('route needs --pool NAME (the upstream to route through)');
  const dialect = parseDialect(values.dialect);
  const loaded = loadReports(positionals, {
    ...(dialect ? { dialect } : {}),
    ...(values['nginx-prefix'] ? { nginxPrefix: values['nginx-prefix'] } : {}),
  });
  const report = loaded.reports[0];
  if (!report?.model) {
    for (const error of loaded.errors) io.error(`error: ${error}\n`);
    return EXIT_USAGE;
  }
  const pool = findPool(report.model.pools, values.pool);
  if (typeof pool === 'string') {
    io.error(`error: ${pool}\n`);
    return EXIT_USAGE;
  }
  const made = createRouter(pool);
  if (!made.ok) {
    io.error(`error: ${made.reason}\n`);
    return EXIT_USAGE;
  }

  let failed = false;
  let lineNumber = 0;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const request = parseRequest(line);
    if (typeof request === 'string') {
      io.error(`error: stdin line ${lineNumber}: ${request}\n`);
      io.write('\n');
      failed = true;
      continue;
    }
    const routed = made.router.route(request);
    if (!routed.ok) {
      io.error(`error: stdin line ${lineNumber}: ${routed.reason}\n`);
      io.write('\n');
      failed = true;
      continue;
    }
    io.write(`${pool.members[routed.member]!.address}\n`);
  }
  return failed ? EXIT_USAGE : EXIT_CLEAN;
}

/** Finds a pool by name, by `context:name` or by key; a string explains why none matched. */
function findPool(pools: readonly Pool[], wanted: string): Pool | string {
  const matches = pools.filter(
    (p) => p.name === wanted || p.key === wanted || `${p.context}:${p.name}` === wanted || p.name === `$${wanted}`,
  );
  if (matches.length === 1) return matches[0]!;
  const names = pools.map((p) => `${p.context}:${p.name}`).join(', ') || 'none';
  if (matches.length === 0) return `no pool named "${wanted}" in this file; pools: ${names}`;
  return `"${wanted}" names ${matches.length} pools; pick one with CONTEXT:NAME (${matches.map((p) => `${p.context}:${p.name}`).join(', ')})`;
}

function parseRequest(line: string): RouteRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON; each line must be an object like {"uri": "/a?b=1", "clientIp": "10.1.2.3"}';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'each line must be a JSON object';
  const { uri, clientIp, headers } = value as Record<string, unknown>;
  if (uri !== undefined && typeof uri !== 'string') return '"uri" must be a string';
  if (clientIp !== undefined && typeof clientIp !== 'string') return '"clientIp" must be a string';
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers))) {
    return '"headers" must be an object of strings';
  }
  const headerMap: Record<string, string> = {};
  for (const [name, v] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'string') return `header "${name}" must be a string`;
    headerMap[name] = v;
  }
  return { uri: uri ?? '/', ...(clientIp !== undefined ? { clientIp } : {}), headers: headerMap };
}
