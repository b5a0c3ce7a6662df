/**
 * Issue 12: the directive notes of the root file are judged once per name id and place, and read
 * back by one array index per directive. The same directives read from an included file (judged
 * by name, as before) must give the same notes, with a name judged differently in each place it
 * stands (`zone` in http, in an upstream and in a stream upstream).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { DirectiveNote } from '../../../server/src/core/model';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import { memoryLoader } from '../../helpers/memory-loader';

const BODY = [
  'worker_processes 2;',
  'events { worker_connections 64; }',
  'http {',
  '    zone http_zone 64k;',
  '    upstream app {',
  '        zone app 64k;',
  '        least_conn;',
  '        keepalive 8;',
  '        sticky cookie srv_id;',
  '        ntlm;',
  '        server 10.0.0.1:80;',
  '    }',
  '    server {',
  '        listen 80;',
  '        location / {',
  '            keepalive 8;',
  '            proxy_http_version 1.1;',
  '            proxy_pas http://app;',
  '            status_zone site;',
  '            proxy_pass http://app;',
  '        }',
  '    }',
  '}',
  'stream {',
  '    upstream tcp {',
  '        zone tcp 64k;',
  '        least_conn;',
  '        server 10.0.0.2:53;',
  '    }',
  '}',
  '',
].join('\n');

/** A note as plain data, its location as the text it covers. */
function plain(note: DirectiveNote, text: string) {
  return { name: note.name, context: note.context, builds: note.builds, suggestion: note.suggestion, at: text.slice(note.loc.start, note.loc.end) };
}

describe('directive notes judged by name id (issue 12)', () => {
  it('equal the notes of the same directives read from an included file', () => {
    const root = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: BODY }, noIncludes).model.directiveNotes!;
    const files = { '/etc/nginx/nginx.conf': 'include /etc/nginx/body.conf;\n', '/etc/nginx/body.conf': BODY };
    const included = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: files['/etc/nginx/nginx.conf'] }, memoryLoader(files)).model.directiveNotes!;
    expect(included.every((note) => note.loc.file === '/etc/nginx/body.conf')).toBe(true);
    expect(root.map((note) => plain(note, BODY))).toEqual(included.map((note) => plain(note, BODY)));
    // The same name in three places is judged in each: the modules that bring `zone` differ.
    const zones = root.filter((note) => note.name === 'zone');
    expect(zones.map((note) => note.context)).toEqual(['http', 'upstream', 'stream-upstream']);
    expect(new Set(zones.map((note) => JSON.stringify(note.builds))).size).toBe(3);
    expect(zones[2]!.builds.map((build) => build.module)).toContain('ngx_stream_upstream_zone_module');
    expect(root.find((note) => note.name === 'proxy_pas')?.suggestion).toBe('proxy_pass');
  });
});
