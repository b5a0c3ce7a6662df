/**
 * Which ACL criteria lb-drift reads as route tests: only the ones it knows (path, path_beg,
 * hdr(host), req.hdr(host), hdr_beg(host)). A criterion spelled like a property every object has
 * (`constructor`, `toString`, `__proto__`) is as unknown as any other, so the reference has no
 * match: before, the lookup found Object's own property and made a test with no sample or kind.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';

const config = (criterion: string) => `frontend www
    bind :80
    acl api ${criterion} /api
    use_backend api if api
    default_backend web
backend api
    server a1 10.0.0.1:80
backend web
    server w1 10.0.0.2:80
`;

const useBackend = (criterion: string) =>
  analyzeHaproxy({ path: 'haproxy.cfg', text: config(criterion) }, noIncludes).model.references.find((r) => r.kind === 'use_backend');

describe('ACL criteria read as route tests', () => {
  it('reads a known criterion', () => {
    expect(useBackend('path_beg')?.match?.tests).toEqual([expect.objectContaining({ sample: 'path', kind: 'prefix', values: ['/api'] })]);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('leaves %s unread, like any unknown criterion', (criterion) => {
    const reference = useBackend(criterion);
    expect(reference?.name).toBe('api');
    expect(reference?.match).toBeUndefined();
  });
});
