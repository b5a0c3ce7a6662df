/**
 * A directive note after an edit before it, moved without making its location. A 1 MB file has
 * thousands of notes; an edit in its middle moved about half of them per keystroke, a new note
 * and location each, and the rules that read notes read a note's location only when they report
 * it. A view copies the note's other fields and moves the location the first time it is read;
 * moving a view again makes a view of the same note with the summed distance.
 */
import type { BuildRequirement, DirectiveNote } from '../../core/model';
import type { Loc } from '../../core/span';
import { noteData } from './directive-notes';

/** `note` moved by `delta` in `file`: the same object when `delta` is 0 or the note is in another file. */
export function moveNote(note: DirectiveNote, file: string, delta: number): DirectiveNote {
  if (delta === 0) return note;
  if (!(note instanceof MovedNote)) return note.loc.file === file ? new MovedNote(note, delta) : note;
  // Moved back where it was collected (a character typed, then deleted): the note itself.
  const shift = note.shift + delta;
  return shift === 0 ? note.origin : new MovedNote(note.origin, shift);
}

export class MovedNote implements DirectiveNote {
  // The note's fields but its location are own fields, as in a collected note, so a spread copy
  // (`{ ...note }`) reads them from both.
  readonly name: string;
  readonly context: string;
  readonly builds: readonly BuildRequirement[];
  declare readonly suggestion?: string;
  declare readonly replacement?: string;
  #loc: Loc | undefined;

  constructor(
    /** The note as collected; never a view. */
    readonly origin: DirectiveNote,
    /** How far the note moved since it was collected. */
    readonly shift: number,
  ) {
    this.name = origin.name;
    this.context = origin.context;
    this.builds = origin.builds;
    if (origin.suggestion !== undefined) (this as { suggestion?: string }).suggestion = origin.suggestion;
    if (origin.replacement !== undefined) (this as { replacement?: string }).replacement = origin.replacement;
  }

  get loc(): Loc {
    const { file, start, end } = this.origin.loc;
    return (this.#loc ??= { file, start: start + this.shift, end: end + this.shift });
  }

  /** The note as plain data, as the collected one reads in JSON. */
  toJSON(): DirectiveNote {
    return { ...noteData(this.origin), loc: this.loc };
  }
}
