// Lists of file names in messages: the first few, then how many more, and never longer than an
// annotation can show (a runner keeps 4,096 characters of one).

/** The first `most` items, joined with ", ", cut to `maxChars` in all, then "and N more". */
export function shownList(items: readonly string[], most: number, maxChars = 1000): string {
  const shown: string[] = [];
  let length = 0;
  for (const item of items.slice(0, most)) {
    const cut = item.length > maxChars / 2 ? `${item.slice(0, maxChars / 2)}...` : item;
    if (shown.length > 0 && length + cut.length > maxChars) break;
    shown.push(cut);
    length += cut.length + 2;
  }
  const more = items.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}
