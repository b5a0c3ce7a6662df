/**
 * When the sentence that explains a member's share is written. An analysis predicts the shares of
 * many pools and reads the sentences of almost none (a hover, `lb-drift shares`); writing them
 * for every member of a 10 MB config cost more time than the shares themselves, and kept megabytes
 * of strings alive with the analysis. So a prediction normally words nothing: each member gets
 * its number and a reference to its pool's `LaterWords`, which predicts the pool again, this time
 * with words, the first time any of its sentences is read, and keeps them. A prediction is a pure
 * function of the pool, so the second one gives the same numbers; its sentences are the ones an
 * eager prediction would have written.
 */
import type { Pool } from '../../core/model';
import type { MemberShare } from '../../core/shares';

/** Write every sentence during the prediction (what `LaterWords` asks for when one is read). */
export const WORDS_NOW = 'now';

/** How a prediction words its members: now, or when first read, through the pool's `LaterWords`. */
export type Wording = typeof WORDS_NOW | LaterWords;

/** The sentences of one pool's members, written together the first time one of them is read. */
export class LaterWords {
  readonly #pool: Pool;
  readonly #predictWithWords: (pool: Pool) => readonly MemberShare[];
  #written: readonly MemberShare[] | undefined;

  constructor(pool: Pool, predictWithWords: (pool: Pool) => readonly MemberShare[]) {
    this.#pool = pool;
    this.#predictWithWords = predictWithWords;
  }

  sentence(index: number): string {
    return (this.#written ??= this.#predictWithWords(this.#pool))[index]!.why;
  }
}

/**
 * A member's share whose sentence is written when read. `share` is its only own field (the others
 * are private), so copies and comparisons see the number; JSON carries `{ share, why }`.
 */
class ShareWordedLater implements MemberShare {
  readonly share: number;
  readonly #index: number;
  readonly #words: LaterWords;

  constructor(share: number, index: number, words: LaterWords) {
    this.share = share;
    this.#index = index;
    this.#words = words;
  }

  get why(): string {
    return this.#words.sentence(this.#index);
  }

  toJSON(): MemberShare {
    return { share: this.share, why: this.why };
  }
}

/** One member share per value of `shares`, each worded when read. */
export function sharesWordedLater(shares: ArrayLike<number>, words: LaterWords): MemberShare[] {
  const members = new Array<MemberShare>(shares.length);
  for (let index = 0; index < shares.length; index++) members[index] = new ShareWordedLater(shares[index]!, index, words);
  return members;
}
