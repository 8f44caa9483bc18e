// Git LFS pointers: a checkout without `lfs: true` leaves a small text file in place of each file kept
// in LFS (weights, mostly). Packed as they are, the executor builds without its content.
import { shownList } from './shown.js';

/** How every Git LFS pointer file starts; a pointer is under 1 KiB. */
export const LFS_POINTER_START = 'version https://git-lfs.github.com/spec/v1';
export const LFS_POINTER_MAX_BYTES = 1024;

/** The warning, and the summary's line, for pointers packed instead of their content. */
export function lfsLine(pointers: readonly string[]): string {
  const shown = shownList(pointers, 5);
  return (
    `${pointers.length} ${pointers.length > 1 ? 'files are Git LFS pointers' : 'file is a Git LFS pointer'}, not their content: ${shown}. ` +
    'The checkout did not fetch them: set lfs: true on actions/checkout.'
  );
}
