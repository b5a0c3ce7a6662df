/**
 * Issue 12: the objects of an nginx model live as long as the analysis, so those made by the
 * thousand are made by object literals, which V8 allocates straight in the old generation once a
 * literal's objects keep surviving (allocation-site pretenuring); objects made by `new` have no
 * allocation site and are copied by every scavenge until promoted. The check asks V8 where the
 * last upstream's objects of a fresh lowering live, after a few lowerings have let it see that
 * they survive.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';

setFlagsFromString('--allow-natives-syntax');
// Parsed after the flag is set, so the runtime call is allowed here.
const inYoungGeneration = new Function('object', 'return %InYoungGeneration(object)') as (object: unknown) => boolean;

/** 2,000 upstreams of four servers, as a generated file writes them. */
function config(): string {
  let text = 'http {\n';
  for (let p = 0; p < 2000; p++) {
    text += `    upstream pool_${p} {\n`;
    for (let s = 0; s < 4; s++) text += `        server 10.${p >> 8}.${p & 255}.${s}:80${s} weight=${s + 1} max_fails=3 fail_timeout=10s;\n`;
    text += '        keepalive 16;\n    }\n';
  }
  return `${text}}\n`;
}

describe('a lowered nginx model', () => {
  it('makes its members in the old generation once V8 has seen them survive', () => {
    const file = { path: '/etc/nginx/nginx.conf', text: config() };
    let old = false;
    // The models are kept, so the scavenges that the lowerings' allocation brings about find
    // their objects alive, as a large file's lowering does; V8 decides after a few of them.
    const kept: unknown[] = [];
    for (let attempt = 0; attempt < 40 && !old; attempt++) {
      const { pools } = analyzeNginx(file, noIncludes).model;
      kept.push(pools);
      const members = pools[pools.length - 1]!.members;
      expect(members).toHaveLength(4);
      old = members.every((member) => !inYoungGeneration(member));
    }
    expect(old).toBe(true);
  });
});
