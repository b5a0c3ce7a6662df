/**
 * Random edit sequences over realistic multi-pool nginx configs, for the incremental-equals-full
 * property tests (invariant 13): what an operator types (weights, parameters, whole upstream
 * blocks, braces, semicolons, includes, comments, quotes, line breaks in both styles) at random
 * places, and deletions of random lengths.
 */
import fc from 'fast-check';

const MAIN = `worker_processes 4;
events { worker_connections 1024; }
http {
    # the application tier
    upstream app {
        least_conn;
        server 10.0.0.1:8080 weight=5 max_fails=3 fail_timeout=10s;
        server 10.0.0.2:8080 max_fails=3 fail_timeout=30s;
        server 10.0.0.3:8080 backup;
        keepalive 16;
    }

    upstream cache {
        hash $request_uri consistent;
        server 10.0.1.1:80 weight=40;
        server 10.0.1.2:80 weight=3;
        server 10.0.1.3:80;
    }

    upstream auth {
        ip_hash;
        server 10.1.0.1:9000;
        server 10.1.0.2:9000;
        server 10.1.0.2:9000;
    }

    upstream lonely {
        server 10.2.0.1:80 down;
        server 10.2.0.2:80;
    }

    upstream unused { server 10.3.0.1:80; server 10.3.0.2:80 max_fails=0; }

    split_clients "\${remote_addr}" $variant {
        90% app;
        *   cache;
    }

    server {
        listen 80;
        server_name example.com;
        location / { proxy_pass http://app; }
        location /img/ { proxy_pass http://cache; }
        location /login {
            proxy_pass http://auth;
        }
        location /old { proxy_pass http://auht; }
        location /split { proxy_pass http://$variant; }
    }
}
`;

const FRAGMENT = `upstream api {
    random two;
    server api-1.internal:8443 weight=2;
    server api-2.internal:8443;
}

upstream stream_like {
    hash $remote_addr;
    server 192.168.0.10:5432 weight=3 max_fails=1;
    server 192.168.0.11:5432 weight=1 max_fails=5;
}

server {
    listen 443 ssl;
    location /api/ {
        proxy_pass https://api;
    }
    location /db { proxy_pass http://stream_like; }
}
`;

/** The configs the sequences start from; one with Windows line ends. */
export const CONFIGS: readonly string[] = [MAIN, FRAGMENT, MAIN.replace(/\n/g, '\r\n'), `${FRAGMENT}\n${MAIN}`];

/** What an operator types inside a block: words, parameters, whole lines and blocks. */
const LOCAL_INSERTS = [
  ' weight=2',
  'weight=9',
  ' weight=100',
  ' max_fails=0',
  ' fail_timeout=5m',
  ' backup',
  ' down',
  ';',
  ' ',
  'x',
  '\n',
  '\r\n',
  '# a comment\n',
  '# lb-drift-disable-next-line weight-skew\n',
  'server 10.9.9.9:80;\n',
  '        server 10.9.9.8:80 weight=7;\n',
  'least_conn;',
  'random two;',
  'hash $request_uri consistent;\n',
  'include conf.d/*.conf;\n',
  'upstream extra {\n    server 10.8.0.1:80;\n    server 10.8.0.2:80 weight=4;\n}\n',
  'location /x { proxy_pass http://extra; }\n',
  'worker_processes 1;\n',
  'zone shared 64k;\n',
];

/** Edits that change the structure: braces, quotes, comment starts. */
const STRUCTURAL_INSERTS = ['{', '}', '"', "'", '#', '${', 'content_by_lua_block { x = "}" }\n'];

export interface Edit {
  /** Where, as a fraction of the text's length. */
  readonly at: number;
  /** How many characters to delete there. */
  readonly length: number;
  readonly insert: string;
}

export const editArb: fc.Arbitrary<Edit> = fc.record({
  // fc.double favours 0 and 1 and values near them; edits belong anywhere in the text.
  at: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000),
  length: fc.oneof(
    { weight: 10, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 4, max: 60 }) },
  ),
  insert: fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom(...LOCAL_INSERTS) },
    { weight: 1, arbitrary: fc.constantFrom(...STRUCTURAL_INSERTS) },
    { weight: 4, arbitrary: fc.constant('') },
  ),
});

export const editSequenceArb = fc.array(editArb, { minLength: 1, maxLength: 10 });

/** The text after the edit, and the change as offsets. */
export function applyEdit(text: string, edit: Edit): { text: string; change: { start: number; oldEnd: number; newEnd: number } } {
  const start = Math.floor(edit.at * text.length);
  const oldEnd = Math.min(text.length, start + edit.length);
  return {
    text: text.slice(0, start) + edit.insert + text.slice(oldEnd),
    change: { start, oldEnd, newEnd: start + edit.insert.length },
  };
}
