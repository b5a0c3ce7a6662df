/**
 * Text the model keeps (reference scopes, route test texts, fact values) made as one
 * flat string. A `+` or template literal of 13 characters or more makes a rope (V8 ConsString)
 * that holds its pieces for as long as the model lives: a `use_backend` scope was a tree of about
 * eight nodes. `join` writes the characters once into a string of their own.
 */
import type { HaWord } from './syntax';

/** The values of `words[from, to)` joined by single spaces, as HAProxy's words were written apart. */
export function joinedValues(words: readonly HaWord[], from: number, to: number): string {
  if (to - from === 1) return words[from]!.value;
  const parts = new Array<string>(Math.max(0, to - from));
  for (let i = from; i < to; i++) parts[i - from] = words[i]!.value;
  return parts.join(' ');
}

/** `pieces` one after another, as one flat string. */
export function flatText(...pieces: string[]): string {
  return pieces.join('');
}
