/**
 * The unbalanced-ring rule's numbers that the CLI's ring helper also reads (cli/ring-helper-thread.ts),
 * in a module of their own so that the helper's bundle does not take in the rule and everything
 * the rule imports. They live beside the ring code, not in rules/, where every file is a rule
 * (test/rules/catalog.test.ts).
 */

/**
 * The weight multiplier the message tries, to show how much more points per member would help.
 * The CLI's ring helper builds these scaled rings ahead for the pools it builds.
 */
export const SCALE = 10;
/** How far above its weight share a member's ring share may be before the rule reports it. */
export const DEFAULT_TOLERANCE = 0.15;
