/**
 * Issue 12: weight-skew reads the shares of nginx's weighted methods (round-robin, least_conn,
 * random) from the weights instead of predicting them, and predicts only where a prediction can
 * differ from the weights (hashing, random two). Its findings are the ones the predicted shares give.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import type { Report, RuleContext } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import weightSkew from '../../server/src/rules/weight-skew';
import { predictShares } from '../../server/src/traffic';

function model(methods: readonly string[], weights: readonly number[]) {
  const upstreams = methods.map((method, n) => {
    const servers = weights.map((w, i) => `        server 10.0.${n}.${i + 1}:8080 weight=${w};\n`).join('');
    return `    upstream pool_${n} {\n        ${method}\n${servers}    }\n`;
  });
  return analyzeNginx({ path: '/skew/nginx.conf', text: `events {}\nhttp {\n${upstreams.join('')}}\n` }, noIncludes).model;
}

function run(methods: readonly string[], weights: readonly number[]) {
  const predicted: string[] = [];
  const reports: Report[] = [];
  const context: RuleContext = {
    model: model(methods, weights),
    problems: [],
    options: {},
    sources: new Map(),
    shares(pool: Pool) {
      predicted.push(pool.name);
      return predictShares(pool);
    },
    report: (report) => reports.push(report),
  };
  weightSkew.check(context);
  return { predicted, messages: reports.map((r) => r.message) };
}

describe('weight-skew without predicting weighted pools (issue 12)', () => {
  it('predicts no shares for round-robin, least_conn and random pools, skewed or not', () => {
    expect(run(['', 'least_conn;', 'random;'], [3, 2, 1, 1]).predicted).toEqual([]);
    expect(run(['', 'least_conn;', 'random;'], [9, 1, 1]).predicted).toEqual([]);
  });

  it('still predicts the pools whose shares can differ from their weights', () => {
    expect(run(['ip_hash;', 'hash $request_uri consistent;', 'hash $request_uri;', 'random two;'], [3, 1, 1]).predicted).toEqual(['pool_0', 'pool_1', 'pool_2', 'pool_3']);
  });

  it('reports the shares a prediction gives', () => {
    expect(run([''], [9, 1, 1]).messages).toEqual([
      '10.0.0.1:8080 gets 81.8% of requests in pool_0 (weight 9 of 11), 9 times the 9.1% the other 2 get on average; an even split gives each 33.3%. Equalise the weights if the members are interchangeable.',
    ]);
    const pool = model([''], [9, 1, 1]).pools[0]!;
    expect(predictShares(pool).members[0]!.share).toBe(9 / 11);
  });
});
