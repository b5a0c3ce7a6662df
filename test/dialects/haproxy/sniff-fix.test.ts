/**
 * HAProxy detection by name and by content (and not for nginx or unrelated .cfg files), folding,
 * and the fixer's edits of `server` lines.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../server/src/engine/fixes';
import { detectDialect } from '../../../server/src/engine/detect';
import { fixHaproxy } from '../../../server/src/dialects/haproxy/fixer';
import { foldHaproxy } from '../../../server/src/dialects/haproxy/folding';
import { sniffHaproxy } from '../../../server/src/dialects/haproxy/sniff';

const CONFIG = 'frontend www\n  bind :80\n  default_backend app\nbackend app\n  server a 10.0.0.1:80 weight 5\n  server b 10.0.0.2:80 check\n';

describe('HAProxy sniffing', () => {
  it('reads HAProxy by name, by folder and by content', () => {
    expect(sniffHaproxy('/etc/haproxy/haproxy.cfg', '')).toBe(true);
    expect(sniffHaproxy('deploy/edge.haproxy', '')).toBe(true);
    expect(sniffHaproxy('ops/haproxy/conf.d/edge.cfg', '')).toBe(true);
    expect(sniffHaproxy('lb.cfg', CONFIG)).toBe(true);
    expect(sniffHaproxy('deploy/haproxy-prod.cfg', CONFIG)).toBe(true);
    expect(sniffHaproxy('deploy/lbconfig', CONFIG)).toBe(true);
    expect(detectDialect('lb.cfg', CONFIG)?.id).toBe('haproxy');
  });

  it('leaves other files alone', () => {
    expect(sniffHaproxy('setup.cfg', '[metadata]\nname = x\n')).toBe(false);
    expect(sniffHaproxy('lb.cfg', 'global\n  daemon\n')).toBe(false);
    expect(sniffHaproxy('notes.txt', CONFIG)).toBe(false);
    expect(detectDialect('site.conf', 'upstream u {\n  server a:80;\n}\n')?.id).toBe('nginx');
  });
});

describe('HAProxy folding and fixes', () => {
  it('folds sections and .if blocks', () => {
    const text = 'global\n  daemon\n.if defined(X)\nbackend a\n  server s 1.2.3.4:80\n.endif\n';
    const folds = foldHaproxy(text).map((s) => text.slice(s.start, s.end));
    expect(folds).toEqual(['global\n  daemon', '.if defined(X)\nbackend a\n  server s 1.2.3.4:80\n.endif', 'backend a\n  server s 1.2.3.4:80']);
  });

  it('sets a weight, adds a flag, removes a parameter and a whole server line', () => {
    const file = 'haproxy.cfg';
    const sources = new Map([[file, CONFIG]]);
    const a = { file, start: CONFIG.indexOf('server a'), end: CONFIG.indexOf(' weight 5') + 9 };
    const b = { file, start: CONFIG.indexOf('server b'), end: CONFIG.indexOf('check') + 5 };
    const edit = (intents: Parameters<typeof fixHaproxy>[0]) => applyEdits(CONFIG, file, fixHaproxy(intents, sources)!);
    expect(edit([{ kind: 'set-weight', member: a, weight: 1 }])).toContain('server a 10.0.0.1:80 weight 1\n');
    expect(edit([{ kind: 'set-weight', member: b, weight: 2 }])).toContain('server b 10.0.0.2:80 check weight 2\n');
    expect(edit([{ kind: 'set-param', member: a, name: 'check', value: '' }])).toContain('server a 10.0.0.1:80 weight 5 check\n');
    expect(edit([{ kind: 'remove-param', param: { file, start: CONFIG.indexOf('check'), end: CONFIG.indexOf('check') + 5 } }])).toContain('server b 10.0.0.2:80\n');
    expect(edit([{ kind: 'remove-member', member: a }])).toBe(CONFIG.replace('  server a 10.0.0.1:80 weight 5\n', ''));
  });
});
