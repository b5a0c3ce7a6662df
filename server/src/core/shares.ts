/**
 * The predicted traffic share of one member, as the traffic engine computes it. Declared here so
 * rules can consume shares without depending on how they are computed.
 */
export interface MemberShare {
  /** Fraction 0..1 of the pool's requests (or keys, or client networks) this member receives. */
  readonly share: number;
  /** One sentence on why, e.g. "smooth weighted round-robin: 5 of every 7 requests". */
  readonly why: string;
}

export interface PoolShares {
  /** One entry per member, in declaration order. */
  readonly members: readonly MemberShare[];
  /** Set when the prediction assumes something lb-drift cannot know (DNS, load). */
  readonly caveat?: string;
  /**
   * Set when the shares are estimated rather than computed exactly (a consistent-hash ring too
   * large to build): how, and how close. The caveat repeats it, for readers that show only that.
   */
  readonly estimated?: string;
}
