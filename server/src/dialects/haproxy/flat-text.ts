/**
 * Text the model keeps (reference scopes, route test texts, fact values) made as one
 * flat string. A `+` or template literal of 13 characters or more makes a rope (V8 ConsString)
 * that holds its pieces for as long as the model lives: a `use_backend` scope was a tree of about
 * eight nodes. `join` writes the characters once into a string of their own. Words joined by
 * spaces are read through `joinedWordValues` (syntax.ts), which slices them from the text at once.
 */

/** `pieces` one after another, as one flat string. */
export function flatText(...pieces: string[]): string {
  return pieces.join('');
}
