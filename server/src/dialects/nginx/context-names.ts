/**
 * Translations between the public `NginxContext` names, the finer contexts of the directive table,
 * and the words messages use for them.
 */
import {
  CONTEXT_BITS,
  EVENTS,
  HTTP,
  LIF,
  LMT,
  LOC,
  MAIL,
  MAIL_SRV,
  MAIN,
  SIF,
  SRV,
  STREAM,
  STREAM_SRV,
  STREAM_UPS,
  UPS,
  joinOr,
  type DirectiveContext,
} from './directive-model';
import type { NginxContext } from './syntax';

/**
 * The table bits of a public context. `if` stands for both kinds of `if` when it is not known
 * whether it sits in a server or a location. Blocks whose body is not directives (`map`, `geo`,
 * `split_clients`, `types`) and unknown blocks (`other`) have no bits: nothing is checked there.
 */
export function contextBits(context: NginxContext): number {
  switch (context) {
    case 'main':
      return MAIN;
    case 'events':
      return EVENTS;
    case 'http':
      return HTTP;
    case 'server':
      return SRV;
    case 'location':
      return LOC;
    case 'if':
      return SIF | LIF;
    case 'limit_except':
      return LMT;
    case 'upstream':
      return UPS;
    case 'stream':
      return STREAM;
    case 'stream-server':
      return STREAM_SRV;
    case 'stream-upstream':
      return STREAM_UPS;
    case 'mail':
      return MAIL;
    case 'mail-server':
      return MAIL_SRV;
    default:
      return 0;
  }
}

interface Phrase {
  readonly article: string;
  readonly noun: string;
  readonly tail: string;
}

const PHRASES: Readonly<Record<DirectiveContext, Phrase>> = {
  main: { article: 'the', noun: 'main', tail: ' context (the top level of nginx.conf)' },
  events: { article: 'the', noun: 'events', tail: ' block' },
  http: { article: 'the', noun: 'http', tail: ' block' },
  server: { article: 'a', noun: 'server', tail: ' block' },
  location: { article: 'a', noun: 'location', tail: ' block' },
  upstream: { article: 'an', noun: 'upstream', tail: ' block' },
  'server-if': { article: 'an', noun: '"if" block in a server', tail: '' },
  'location-if': { article: 'an', noun: '"if" block in a location', tail: '' },
  limit_except: { article: 'a', noun: 'limit_except', tail: ' block' },
  stream: { article: 'the', noun: 'stream', tail: ' block' },
  'stream-server': { article: 'a', noun: 'stream server', tail: ' block' },
  'stream-upstream': { article: 'a', noun: 'stream upstream', tail: ' block' },
  mail: { article: 'the', noun: 'mail', tail: ' block' },
  'mail-server': { article: 'a', noun: 'mail server', tail: ' block' },
};

/**
 * Where a directive with these context bits may go, in words: "the http or stream block",
 * "a location or limit_except block, or an "if" block in a location".
 */
export function describeContexts(bits: number): string {
  const groups: { article: string; tail: string; nouns: string[] }[] = [];
  for (const [context, bit] of CONTEXT_BITS) {
    if ((bits & bit) === 0) continue;
    const phrase = PHRASES[context];
    const group = groups.find((g) => g.article === phrase.article && g.tail === phrase.tail);
    if (group) group.nouns.push(phrase.noun);
    else groups.push({ article: phrase.article, tail: phrase.tail, nouns: [phrase.noun] });
  }
  const parts = groups.map((g) => `${g.article} ${joinOr(g.nouns)}${g.tail}`);
  return parts.length <= 2 ? parts.join(', or ') : `${parts.slice(0, -1).join(', ')}, or ${parts[parts.length - 1]}`;
}
