/**
 * A member of an nginx upstream as the model sees it, backed by the parse tree. Scalars (weight,
 * role, state, limits) are read once into fields; locations and the parameter list are made only
 * when a rule, a hover or a fix asks for them. A 10 MB config has tens of thousands of servers,
 * and keeping a dozen small objects alive for each costs more than everything else in the analysis.
 */
import type { Member, MemberLimits, MemberRole, MemberState, Param } from '../../core/model';
import type { Loc } from '../../core/span';
import type { NginxTree } from './tree';

/** What the `server` line's parameters say, as read by upstream-server.ts. */
export interface MemberFields {
  weight: number;
  /** The argument index of `weight=`, or -1. */
  weightArg: number;
  role: MemberRole;
  state: MemberState;
  maxConns: number | undefined;
  maxFails: number | undefined;
  failTimeout: string | undefined;
  slowStart: string | undefined;
  /** Bit i is set when argument i is a valid parameter (arguments 1..30). */
  paramMask: number;
  resolvesByName: boolean;
}

export class NginxMember implements Member {
  readonly weight: number;
  readonly weightExplicit: boolean;
  readonly role: MemberRole;
  readonly state: MemberState;
  readonly peers = 1;
  readonly resolvesByName: boolean;
  private readonly weightArg: number;
  private readonly maxConns: number | undefined;
  private readonly maxFails: number | undefined;
  private readonly failTimeout: string | undefined;
  private readonly slowStart: string | undefined;
  private readonly paramMask: number;

  constructor(
    private readonly tree: NginxTree,
    private readonly id: number,
    private readonly file: string,
    readonly address: string,
    fields: MemberFields,
  ) {
    this.weight = fields.weight;
    this.weightArg = fields.weightArg;
    this.weightExplicit = fields.weightArg >= 0;
    this.role = fields.role;
    this.state = fields.state;
    this.resolvesByName = fields.resolvesByName;
    this.maxConns = fields.maxConns;
    this.maxFails = fields.maxFails;
    this.failTimeout = fields.failTimeout;
    this.slowStart = fields.slowStart;
    this.paramMask = fields.paramMask;
  }

  get loc(): Loc {
    return { file: this.file, start: this.tree.start(this.id), end: this.tree.end(this.id) };
  }

  get addressLoc(): Loc {
    return this.argLoc(0);
  }

  get weightLoc(): Loc | undefined {
    return this.weightArg >= 0 ? this.argLoc(this.weightArg) : undefined;
  }

  get limits(): MemberLimits {
    const limits: { -readonly [K in keyof MemberLimits]: MemberLimits[K] } = {};
    if (this.maxConns !== undefined) limits.maxConns = this.maxConns;
    if (this.maxFails !== undefined) limits.maxFails = this.maxFails;
    if (this.failTimeout !== undefined) limits.failTimeout = this.failTimeout;
    if (this.slowStart !== undefined) limits.slowStart = this.slowStart;
    return limits;
  }

  /** The effective passive-check failure limit: `max_fails`, default 1. */
  get passiveFailures(): number {
    return this.maxFails ?? 1;
  }

  get params(): readonly Param[] {
    const params: Param[] = [];
    for (let i = 1; i < 31; i++) {
      if ((this.paramMask & (1 << i)) === 0) continue;
      const text = this.tree.argValue(this.id, i);
      const eq = text.indexOf('=');
      params.push({ name: eq >= 0 ? text.slice(0, eq) : text, value: eq >= 0 ? text.slice(eq + 1) : '', loc: this.argLoc(i) });
    }
    return params;
  }

  /** Plain data for JSON and test output; the getters above are not own properties. */
  toJSON(): Member {
    return {
      address: this.address,
      addressLoc: this.addressLoc,
      loc: this.loc,
      weight: this.weight,
      weightExplicit: this.weightExplicit,
      weightLoc: this.weightLoc,
      role: this.role,
      state: this.state,
      peers: this.peers,
      resolvesByName: this.resolvesByName,
      limits: this.limits,
      params: this.params,
    };
  }

  private argLoc(i: number): Loc {
    return { file: this.file, start: this.tree.argStart(this.id, i), end: this.tree.argEnd(this.id, i) };
  }
}
