/**
 * `/^\d+$/` without a regular expression: a regex literal inside a function is a new RegExp object
 * every time the line runs, and these checks run on every server line.
 */
export function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
