/**
 * A directive note after an edit before it, moved without copying it. A 1 MB file has a couple of
 * thousand notes (every `zone`, `sticky` or module directive); an edit in its middle moved about
 * a thousand of them per keystroke, a new note and location each, and the rules that read notes
 * read a note's location only when they report it. A view reads everything but the location from
 * the note as collected and moves the location the first time it is read; moving a view again
 * makes a view of the same note with the summed distance.
 */
import type { BuildRequirement, DirectiveNote } from '../../core/model';
import type { Loc } from '../../core/span';

/** `note` moved by `delta` in `file`: the same object when `delta` is 0 or the note is in another file. */
export function moveNote(note: DirectiveNote, file: string, delta: number): DirectiveNote {
  if (delta === 0) return note;
  if (!(note instanceof MovedNote)) return note.loc.file === file ? new MovedNote(note, delta) : note;
  // Moved back where it was collected (a character typed, then deleted): the note itself.
  const shift = note.shift + delta;
  return shift === 0 ? note.origin : new MovedNote(note.origin, shift);
}

export class MovedNote implements DirectiveNote {
  #loc: Loc | undefined;

  constructor(
    /** The note as collected; never a view. */
    readonly origin: DirectiveNote,
    /** How far the note moved since it was collected. */
    readonly shift: number,
  ) {}

  get name(): string {
    return this.origin.name;
  }
  get context(): string {
    return this.origin.context;
  }
  get builds(): readonly BuildRequirement[] {
    return this.origin.builds;
  }
  get suggestion(): string | undefined {
    return this.origin.suggestion;
  }
  get replacement(): string | undefined {
    return this.origin.replacement;
  }
  get loc(): Loc {
    const { file, start, end } = this.origin.loc;
    return (this.#loc ??= { file, start: start + this.shift, end: end + this.shift });
  }

  /** The note as plain data, as the collected one reads in JSON. */
  toJSON(): DirectiveNote {
    return { ...this.origin, loc: this.loc };
  }
}
