/**
 * The dialect-neutral balancer model. Every dialect lowers its syntax into these types; rules,
 * the traffic engine and the drift engine see nothing else.
 */
import type { Loc } from './span';

/**
 * `kubernetes` is a file of manifests (Gateway API routes, Istio VirtualServices and
 * DestinationRules, ingress-nginx Ingresses); its pools carry the system that defines their
 * semantics (`gateway-api`, `istio`, `ingress-nginx`), since one file often mixes them.
 */
export type DialectId = 'nginx' | 'haproxy' | 'envoy' | 'traefik' | 'gateway-api' | 'istio' | 'ingress-nginx' | 'kubernetes';

/**
 * How a pool picks a member. Dialect spellings map onto these; the exact directive as written is
 * kept in `Pool.algorithmText` for messages.
 */
export type Algorithm =
  | 'round-robin'
  | 'static-rr'
  | 'least-conn'
  | 'random'
  | 'random-two'
  | 'ip-hash'
  | 'hash'
  | 'consistent-hash'
  | 'source-hash'
  | 'uri-hash'
  | 'header-hash'
  | 'first'
  | 'ring-hash'
  | 'maglev'
  | 'weighted-split';

/** A parameter exactly as written on a member or pool, with where it is written. */
export interface Param {
  readonly name: string;
  /** The value after `=`, or '' for a flag such as `backup`. */
  readonly value: string;
  readonly loc: Loc;
}

export type MemberRole = 'primary' | 'backup';
/** `drained`: configured but given no new traffic (weight 0 in HAProxy, drain state elsewhere). */
export type MemberState = 'up' | 'down' | 'drained';

export interface Member {
  /** The address as written in the config: `127.0.0.1:8081`, `app.internal`, `unix:/run/a.sock`. */
  readonly address: string;
  readonly addressLoc: Loc;
  /** The whole member declaration (an nginx `server ...;` line, a HAProxy `server` line). */
  readonly loc: Loc;
  /** A dialect-level name when the member has one besides its address (HAProxy server name). */
  readonly name?: string;
  /** Where that name is written (a `server-template` member: the template's prefix). */
  readonly nameLoc?: Loc;
  readonly weight: number;
  /** Whether the weight is written in the config, as opposed to the dialect's default. */
  readonly weightExplicit: boolean;
  readonly weightLoc?: Loc;
  readonly role: MemberRole;
  readonly state: MemberState;
  /**
   * How many balancer peers this member stands for. A host name that resolves to k addresses is k
   * peers in nginx; lb-drift does no DNS, so a name counts as 1 unless the dialect knows better.
   */
  readonly peers: number;
  /** Whether the address is a name the balancer resolves (so `peers` is a guess). */
  readonly resolvesByName: boolean;
  readonly limits: MemberLimits;
  /** Every parameter as written, in order, for fixers and rules that compare members. */
  readonly params: readonly Param[];
  /**
   * nginx: whether the server line carries `resolve`, known without making `params` (which a
   * view makes on first read: strings and locations for every parameter). Absent: look in `params`.
   */
  readonly resolveParam?: boolean;
  /** Server id used by hashing (HAProxy `id`, else declaration order starting at 1). */
  readonly hashId?: number;
}

export interface MemberLimits {
  readonly maxConns?: number;
  /** Passive failure limit (nginx `max_fails`, default 1; 0 disables passive checks). */
  readonly maxFails?: number;
  readonly failTimeout?: string;
  readonly slowStart?: string;
}

export type HealthMode = 'active' | 'passive' | 'none';

export interface HealthCheck {
  /** Active probing (HAProxy `check`, Envoy `health_checks`, nginx Plus `health_check`). */
  readonly active: boolean;
  readonly activeLoc?: Loc;
  /** Passive checks: failures observed on real traffic take a member out for a while. */
  readonly passive: boolean;
  /** Where passive checks are switched off (nginx `max_fails=0` on each member, say). */
  readonly passiveDisabledAt: readonly Loc[];
}

export interface HashSpec {
  /** The key expression as written: `$request_uri`, `$remote_addr$uri`, `hdr(x-user)`. */
  readonly key: string;
  readonly keyLoc?: Loc;
  readonly consistent: boolean;
  /** Hash function when the dialect lets one choose it (HAProxy `hash-type ... sdbm avalanche`). */
  readonly function?: string;
}

export interface Stickiness {
  readonly kind: string;
  readonly loc: Loc;
}

/**
 * `members`: interchangeable backends that should share load as their weights say (an nginx
 * upstream). `split`: a deliberate traffic split between different services or versions (canary,
 * split_clients); uneven on purpose.
 */
export type PoolKind = 'members' | 'split';

export interface Pool {
  /** Stable identity across revisions, unique within a model: `http:upstream backend`. */
  readonly key: string;
  readonly name: string;
  readonly dialect: DialectId;
  readonly kind: PoolKind;
  /** The dialect context the pool lives in: `http` or `stream` for nginx, `backend` for HAProxy. */
  readonly context: string;
  /** The whole pool block. */
  readonly loc: Loc;
  readonly nameLoc: Loc;
  readonly algorithm: Algorithm;
  /** The algorithm directive as written (`hash $request_uri consistent`), or '' when implicit. */
  readonly algorithmText: string;
  readonly algorithmLoc?: Loc;
  readonly hash?: HashSpec;
  readonly members: readonly Member[];
  /**
   * True when the lowering saw, while reading the members, that every address is a plain
   * `a.b.c.d:port` (traffic/address-key.ts `plainIpv4PortKey`) and no two are the same, so no two
   * members name the same backend. Absent when the lowering did not check: `duplicate-member`
   * then compares the addresses itself. A copy of the pool whose members have other addresses must
   * not keep it.
   */
  readonly distinctPlainAddresses?: boolean;
  readonly health: HealthCheck;
  readonly stickiness?: Stickiness;
  /** Dialect facts a rule needs, e.g. `zone`, `keepalive`, `allbackups`. Values as written. */
  readonly facts: Readonly<Record<string, FactValue>>;
  /** Rules that send requests to a member by name before balancing (HAProxy `use-server`), in order. */
  readonly memberReferences?: readonly MemberReference[];
}

/** A rule naming one member of its own pool: `use-server NAME if|unless CONDITION`. */
export interface MemberReference {
  readonly keyword: string;
  readonly name: string;
  readonly loc: Loc;
  readonly nameLoc: Loc;
  /** The condition as written after `if` or `unless`. */
  readonly condition: string;
  /** Whether the condition follows `unless`. */
  readonly negated: boolean;
  /** The index of the named member in the pool; absent when no member has that name. */
  readonly member?: number;
}

export interface FactValue {
  readonly value: string;
  readonly loc: Loc;
}

export type ReferenceKind =
  | 'proxy_pass'
  | 'grpc_pass'
  | 'fastcgi_pass'
  | 'uwsgi_pass'
  | 'scgi_pass'
  | 'memcached_pass'
  | 'use_backend'
  | 'default_backend'
  /** HAProxy `track BACKEND/SERVER`: a server copying the health of another backend's server. */
  | 'track'
  | 'backendRef'
  | 'cluster'
  | 'split-target'
  /** An Istio route destination's host; its `subset`; an ingress-nginx canary's main Ingress (`host path`). */
  | 'destination'
  | 'subset'
  | 'canary';

/** A use of a pool by name. `pool` is the key of the pool it resolves to, if any. */
export interface Reference {
  readonly kind: ReferenceKind;
  readonly name: string;
  readonly context: string;
  readonly loc: Loc;
  readonly nameLoc: Loc;
  readonly pool?: string;
  /**
   * Where the reference sits, as the blocks that enclose it (`http > server example.com >
   * location /api`), so two revisions' references can be paired by place, not by line.
   */
  readonly scope?: string;
  /** Which requests the reference's condition selects, when the dialect can tell (HAProxy `use_backend ... if ACL`). */
  readonly match?: RouteMatch;
}

/**
 * The requests a routing rule's condition selects, for the conditions a dialect can read exactly:
 * no condition (`always`), or any of a list of tests on the path or the host.
 */
export interface RouteMatch {
  readonly always: boolean;
  readonly tests: readonly RouteTest[];
}

/** `path_beg /api /v2`, `hdr(host) -i example.com`: one test of a sample against its values. */
export interface RouteTest {
  readonly sample: 'path' | 'host';
  /** `prefix`: the sample starts with a value; `exact`: it equals one. */
  readonly kind: 'exact' | 'prefix';
  readonly values: readonly string[];
  readonly ignoreCase: boolean;
  /** As written, with the ACL's name when it has one: `is_api (path_beg /api)`. */
  readonly text: string;
  readonly loc: Loc;
}

export interface Model {
  readonly dialect: DialectId;
  /** The file the model was built from; included files appear only in locations. */
  readonly root: string;
  readonly pools: readonly Pool[];
  readonly references: readonly Reference[];
  /** Global facts (`worker_processes` for nginx). */
  readonly facts: Readonly<Record<string, FactValue>>;
  /**
   * Whether the model holds a whole configuration (nginx: the root file is a main config), so a
   * pool nobody references is really unused. A fragment (conf.d/*.conf) is used from elsewhere.
   */
  readonly complete: boolean;
  /**
   * Directives not every build of the balancer accepts: unknown to every build lb-drift knows
   * (`builds` empty), newer than some releases, removed, commercial-only or from an add-on module.
   * Directives every release since 1.0 accepts are not listed. Absent for dialects without the list.
   */
  readonly directiveNotes?: readonly DirectiveNote[];
  /**
   * Named objects references can name, from this file and from the other files of the
   * configuration (Kubernetes Services, DestinationRule subsets, main Ingress paths). Absent for
   * dialects whose references name pools only.
   */
  readonly definitions?: readonly Definition[];
}

/** An object a reference can name, with the scope its name is unique in. */
export interface Definition {
  /** `Service`, `DestinationRule`, `subset`, `Ingress path`, `canary Ingress path`. */
  readonly kind: string;
  readonly name: string;
  /** A namespace, or for a subset the fully qualified host of its DestinationRule. */
  readonly scope: string;
  /** The file it is written in. */
  readonly file: string;
  /** Where, when the file is the analysed one. */
  readonly loc?: Loc;
  /** A short description for messages: `DestinationRule reviews (prod)`. */
  readonly label: string;
  /** Where the object sends traffic, when it routes (a main Ingress path: its Service as `name:port`). */
  readonly target?: string;
  /** Facts messages and rules need, as written (`outlierDetection`, `trafficPolicy`). */
  readonly facts?: readonly string[];
}

/** One use of a directive that only some builds accept, or none. */
export interface DirectiveNote {
  readonly name: string;
  /** The directive's name as written. */
  readonly loc: Loc;
  /** The block it stands in, in the dialect's words: `location`, `upstream`, `stream-server`. */
  readonly context: string;
  /** The builds that accept it where it stands; empty when none lb-drift knows does. */
  readonly builds: readonly BuildRequirement[];
  /** For an unknown directive: the closest known name, if one is within two edits. For a removed one: the name that replaces it, when a rename is the whole fix. */
  readonly suggestion?: string;
  /** For a removed directive: what to write instead, as an instruction (HAProxy's keyword table). */
  readonly replacement?: string;
}

/** A build of the balancer that accepts a directive. */
export interface BuildRequirement {
  readonly edition: 'open-source' | 'commercial' | 'third-party';
  /** The module that brings the directive (`ngx_http_upstream_sticky_module`). */
  readonly module: string;
  /** The first open-source release with the directive, when it is not in every release. */
  readonly since?: string;
  /** The first open-source release without it. */
  readonly until?: string;
  /** A module that must be built in or loaded, by its short name (`lua`, `njs`). */
  readonly addon?: string;
}

const activeByPool = new WeakMap<Pool, readonly Member[]>();

/** Whether a member serves when all are healthy: a primary that is up with a weight. */
export function isActive(member: Member): boolean {
  return member.role === 'primary' && member.state === 'up' && member.weight > 0;
}

/** The members that serve when all are healthy; made once per pool and shared, so never modify it. */
export function activeMembers(pool: Pool): readonly Member[] {
  let active = activeByPool.get(pool);
  if (!active) {
    active = pool.members.filter(isActive);
    activeByPool.set(pool, active);
  }
  return active;
}
