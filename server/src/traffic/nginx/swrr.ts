/**
 * Smooth weighted round-robin as ngx_http_upstream_get_peer does it: every eligible peer adds its
 * weight to its current weight, the peer with the highest current weight wins (the first one in
 * declaration order on ties), and the winner gives back the sum of the eligible weights. With
 * healthy peers the effective weight always equals the configured weight.
 */
import type { Peer, PeerLists } from './peers';

export class SwrrState {
  private readonly current: Float64Array;

  constructor(private readonly weights: readonly number[]) {
    this.current = new Float64Array(weights.length);
  }

  /** Picks among the peers `eligible` accepts; returns the index, or -1 when none is eligible. */
  pick(eligible: (index: number) => boolean): number {
    let best = -1;
    let total = 0;
    for (let i = 0; i < this.weights.length; i++) {
      const weight = this.weights[i]!;
      if (weight <= 0 || !eligible(i)) continue;
      this.current[i]! += weight;
      total += weight;
      if (best < 0 || this.current[i]! > this.current[best]!) best = i;
    }
    if (best >= 0) this.current[best]! -= total;
    return best;
  }
}

/** The first `count` picks of a fresh smooth weighted round-robin over `weights` (indices). */
export function swrrSequence(weights: readonly number[], count: number): number[] {
  const state = new SwrrState(weights);
  const out: number[] = [];
  for (let n = 0; n < count; n++) {
    const index = state.pick(() => true);
    if (index < 0) break;
    out.push(index);
  }
  return out;
}

/**
 * nginx's ngx_http_upstream_get_round_robin_peer over a primary and a backup list: smooth weighted
 * round-robin over the primaries that can serve, and over the backups when none can. Hash-based
 * methods fall back to it, and they share its state, as the peers' current weights are shared.
 */
export class RoundRobinPicker {
  private readonly primary: SwrrState;
  private readonly backup: SwrrState;

  constructor(private readonly lists: PeerLists) {
    this.primary = new SwrrState(lists.primary.map((p) => p.weight));
    this.backup = new SwrrState(lists.backup.map((p) => p.weight));
  }

  /** The primary list's state, for algorithms (consistent hash) that run SWRR over a subset. */
  get primaryState(): SwrrState {
    return this.primary;
  }

  pick(): Peer | undefined {
    const { primary, backup } = this.lists;
    const p = this.primary.pick((i) => primary[i]!.up);
    if (p >= 0) return primary[p];
    const b = this.backup.pick((i) => backup[i]!.up);
    return b >= 0 ? backup[b] : undefined;
  }
}
