// Progress of long work, for the log: a line every few seconds while it goes on, then one line
// per phase with its time. The texts are built here; printing is the caller's.
import { formatBytes } from './report.js';

/** How often a progress line is printed during a long phase. */
export const PROGRESS_EVERY_MS = 5_000;

/** Says when the next progress line is due: every `everyMs`, never at the start. */
export class Ticker {
  private next: number;
  constructor(
    private readonly everyMs = PROGRESS_EVERY_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.next = now() + everyMs;
  }

  due(): boolean {
    const t = this.now();
    if (t < this.next) return false;
    this.next = t + this.everyMs;
    return true;
  }
}

export function packingLine(p: { files: number; totalFiles: number; bytes: number; totalBytes: number }): string {
  return `packing: ${p.files} of ${p.totalFiles} files, ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)} (${percent(p.bytes, p.totalBytes)})`;
}

/** `uploading: 350.0 MiB of 1.00 GiB (35%), 120.3 MiB/s, about 6s left` */
export function uploadingLine(sent: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? sent / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? Math.ceil((total - sent) / rate) : undefined;
  return (
    `uploading: ${formatBytes(sent)} of ${formatBytes(total)} (${percent(sent, total)}), ${formatBytes(Math.round(rate))}/s` +
    (eta !== undefined ? `, about ${eta}s left` : '')
  );
}

/** The line that ends a phase, e.g. `upload done in 2.13 s (1.00 GiB at 470.2 MiB/s)`. */
export function phaseLine(phase: string, ms: number, detail?: string): string {
  return `${phase} done in ${(ms / 1000).toFixed(2)} s${detail ? ` (${detail})` : ''}`;
}

export function rate(bytes: number, ms: number): string {
  return `${formatBytes(ms > 0 ? Math.round(bytes / (ms / 1000)) : 0)}/s`;
}

function percent(part: number, whole: number): string {
  return `${whole > 0 ? Math.floor((100 * part) / whole) : 100}%`;
}
