/**
 * Terminal styling: colours only when writing to a terminal and NO_COLOR is unset (FORCE_COLOR
 * forces them), so piped and CI output stays plain.
 */
import { styleText } from 'node:util';

type StyleName = Parameters<typeof styleText>[0];

export interface Style {
  (format: StyleName, text: string): string;
}

export function createStyle(stream: NodeJS.WriteStream): Style {
  const force = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  const enabled = force || (stream.isTTY === true && process.env.NO_COLOR === undefined);
  return enabled ? (format, text) => styleText(format, text) : (_format, text) => text;
}

/** No colours: for output written to a file. */
export const plainStyle: Style = (_format, text) => text;
