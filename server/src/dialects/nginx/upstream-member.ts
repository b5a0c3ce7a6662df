/**
 * A member of an nginx upstream as the model sees it, backed by the parse tree. Scalars (weight,
 * role, state, limits) are read once into fields; locations and the parameter list are made the
 * first time a rule, a hover or a fix asks for them and kept, so every later read in the same
 * analysis returns the same object without allocating. A 10 MB config has tens of thousands of
 * servers, all kept for the analysis: nothing is made up front that not every member needs, the
 * views made later share one field (most members never make one), `limits` objects are shared
 * between members that have the same limits (see upstream-server.ts), and which argument is the
 * weight is found again when its location is asked for.
 */
import type { Member, MemberLimits, MemberRole, MemberState, Param } from '../../core/model';
import type { Loc } from '../../core/span';
import type { NginxTree } from './tree';

/** What the `server` line's parameters say, as read by upstream-server.ts. */
export interface MemberFields {
  weight: number;
  /** The argument index of `weight=` (the last valid one, which nginx reads), or -1. */
  weightArg: number;
  role: MemberRole;
  state: MemberState;
  /** Shared between members with equal limits; never modified. */
  limits: MemberLimits;
  /** Bit i is set when argument i is a valid parameter (arguments 1..30). */
  paramMask: number;
  resolvesByName: boolean;
  /** The line carries `resolve`. */
  resolveParam: boolean;
}

/** The tree and file members are read from: one object for the members of a file, not two fields each. */
export interface MemberSite {
  readonly tree: NginxTree;
  readonly file: string;
}

const NO_PARAMS: readonly Param[] = Object.freeze([]);

/** The views a member makes when first asked, in one object: most members never make any. */
interface MemberViews {
  loc?: Loc;
  addressLoc?: Loc;
  weightLoc?: Loc;
  params?: readonly Param[];
}

export class NginxMember implements Member {
  // Own fields, as a moved member's (moved-pool.ts): a spread copy (`{ ...member, weight }`,
  // unbalanced-ring.ts) reads the same from both.
  readonly weight: number;
  readonly weightExplicit: boolean;
  readonly role: MemberRole;
  readonly state: MemberState;
  readonly peers = 1;
  readonly resolvesByName: boolean;
  readonly resolveParam: boolean;
  readonly limits: MemberLimits;
  private readonly paramMask: number;
  // Made on first read and kept for the rest of the analysis.
  private views: MemberViews | undefined;

  constructor(
    private readonly site: MemberSite,
    readonly id: number,
    readonly address: string,
    fields: MemberFields,
  ) {
    this.weight = fields.weight;
    this.weightExplicit = fields.weightArg >= 0;
    this.role = fields.role;
    this.state = fields.state;
    this.resolvesByName = fields.resolvesByName;
    this.resolveParam = fields.resolveParam;
    this.limits = fields.limits;
    this.paramMask = fields.paramMask;
  }

  /** The tree and directive the member reads (an incremental re-analysis moves the member with a view: moved-pool.ts). */
  get tree(): NginxTree {
    return this.site.tree;
  }

  get loc(): Loc {
    const { tree, file } = this.site;
    return ((this.views ??= {}).loc ??= { file, start: tree.start(this.id), end: tree.end(this.id) });
  }

  get addressLoc(): Loc {
    return ((this.views ??= {}).addressLoc ??= this.argLoc(0));
  }

  get weightLoc(): Loc | undefined {
    if (!this.weightExplicit) return undefined;
    return ((this.views ??= {}).weightLoc ??= this.argLoc(this.weightArg()));
  }

  /** The effective passive-check failure limit: `max_fails`, default 1. */
  get passiveFailures(): number {
    return this.limits.maxFails ?? 1;
  }

  get params(): readonly Param[] {
    return ((this.views ??= {}).params ??= this.readParams());
  }

  /** Plain data for JSON and test output; the getters above are not own properties. */
  toJSON(): Member {
    return memberData(this);
  }

  /**
   * The argument nginx reads the weight from: the last valid `weight=` (valid parameters are the
   * ones in the mask, and a valid `name=` names exactly one kind).
   */
  private weightArg(): number {
    for (let i = 30; i > 0; i--) {
      if ((this.paramMask & (1 << i)) !== 0 && this.site.tree.argValue(this.id, i).startsWith('weight=')) return i;
    }
    return -1;
  }

  private readParams(): readonly Param[] {
    if (this.paramMask === 0) return NO_PARAMS;
    const params: Param[] = [];
    for (let i = 1; i < 31; i++) {
      if ((this.paramMask & (1 << i)) === 0) continue;
      const text = this.site.tree.argValue(this.id, i);
      const eq = text.indexOf('=');
      params.push({ name: eq >= 0 ? text.slice(0, eq) : text, value: eq >= 0 ? text.slice(eq + 1) : '', loc: this.argLoc(i) });
    }
    return params;
  }

  private argLoc(i: number): Loc {
    const { tree, file } = this.site;
    return { file, start: tree.argStart(this.id, i), end: tree.argEnd(this.id, i) };
  }
}

/** A member's fields as plain data, in the order JSON output shows them (also for moved members: moved-pool.ts). */
export function memberData(member: Member): Member {
  return {
    address: member.address,
    addressLoc: member.addressLoc,
    loc: member.loc,
    weight: member.weight,
    weightExplicit: member.weightExplicit,
    weightLoc: member.weightLoc,
    role: member.role,
    state: member.state,
    peers: member.peers,
    resolvesByName: member.resolvesByName,
    limits: member.limits,
    params: member.params,
  };
}
