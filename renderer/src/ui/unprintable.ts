/**
 * What the clinician is told when a PDF has characters no bundled font can draw (a script
 * Holdspace has no face for): they print as empty boxes, so a name may need writing in by hand.
 */
export function unprintableNotice(unprintable: readonly string[] | undefined): string {
  if (!unprintable || unprintable.length === 0) return '';
  const shown = unprintable.slice(0, 8).join(' ');
  return ` Holdspace has no font for some characters, so they print as empty boxes: ${shown}. Check the names on paper, and write them in by hand where needed.`;
}
