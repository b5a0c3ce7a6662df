/**
 * Routes of two revisions are paired by place (the blocks around each `*_pass`), never by line or
 * order alone, so a route change is found wherever the location moved to, and two servers with
 * the same location paths are never confused.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { matchRoutes, routeTarget, sameTarget } from '../../server/src/drift/routes';
import { analyzeFile } from '../../server/src/engine/analyze';

const model = (text: string) => analyzeFile({ path: '/cfg/nginx.conf', text }, noIncludes).model!;

const POOLS = 'upstream a { server 10.0.0.1:80; }\nupstream b { server 10.0.1.1:80; }\n';

describe('reference scopes', () => {
  it('name servers by server_name, else by listen, and keep every enclosing block', () => {
    const m = model(`http {
    ${POOLS}
    server {
        server_name example.com www.example.com;
        location /api {
            if ($request_method = POST) { proxy_pass http://a; }
            proxy_pass http://b;
        }
    }
    server {
        listen 8080;
        location = /health { proxy_pass http://a; }
    }
}
`);
    expect(m.references.map((r) => r.scope)).toEqual([
      'http > server example.com www.example.com > location /api > if ($request_method = POST)',
      'http > server example.com www.example.com > location /api',
      'http > server listen 8080 > location = /health',
    ]);
  });
});

describe('matchRoutes', () => {
  it('pairs the same location path in two servers with its own server, whatever their order', () => {
    const server = (name: string, target: string) => `server {\n    server_name ${name};\n    location /api { proxy_pass http://${target}; }\n}\n`;
    const stable = model(`http {\n${POOLS}${server('one.example', 'a')}${server('two.example', 'b')}}\n`);
    const current = model(`http {\n${POOLS}${server('two.example', 'a')}${server('one.example', 'a')}}\n`);
    const changed = matchRoutes(stable, current).filter((p) => !sameTarget(routeTarget(stable, p.stable), routeTarget(current, p.current)));
    expect(changed.map((p) => [p.current.scope, p.stable.name, p.current.name])).toEqual([['http > server two.example > location /api', 'b', 'a']]);
  });

  it('treats an upstream name in other case as the same pool, and hosts without regard to case', () => {
    const stable = model(`http {\n${POOLS}server {\n    location /a { proxy_pass http://a; }\n    location /h { proxy_pass http://Api.Internal; }\n}\n}\n`);
    const current = model(`http {\n${POOLS}server {\n    location /a { proxy_pass http://A/x; }\n    location /h { proxy_pass http://api.internal; }\n}\n}\n`);
    const pairs = matchRoutes(stable, current);
    expect(pairs).toHaveLength(2);
    for (const p of pairs) expect(sameTarget(routeTarget(stable, p.stable), routeTarget(current, p.current))).toBe(true);
  });
});
