// A one-line progress bar for a terminal: percentage, bytes so far and rate, redrawn in place.

import type { WriteStream } from 'node:tty';

const MiB = 1 << 20;
/** Redraw at most this often: more is flicker and wasted writes. */
const REDRAW_MS = 100;

export class ProgressBar {
  readonly #started = performance.now();
  #drawnAt = -Infinity;
  #drawn = false;

  /** `total` bytes expected (0: unknown, no percentage). */
  constructor(readonly stream: WriteStream, readonly total: number) {}

  /** `done` bytes so far; redraws if the last drawing is old enough. */
  update(done: number): void {
    const now = performance.now();
    if (now - this.#drawnAt < REDRAW_MS) return;
    this.#drawnAt = now;
    this.#drawn = true;
    this.stream.write(`\r${this.#line(done, now)}\x1b[K`);
  }

  /** Erases the bar (before the shell prompt or an error message takes the line). */
  clear(): void {
    if (this.#drawn) this.stream.write('\r\x1b[K');
    this.#drawn = false;
  }

  #line(done: number, now: number): string {
    const seconds = (now - this.#started) / 1000;
    const rate = seconds > 0 ? done / MiB / seconds : 0;
    const amount = this.total > 0
      ? `${mib(done)} / ${mib(this.total)} MiB  ${rate.toFixed(1)} MiB/s`
      : `${mib(done)} MiB  ${rate.toFixed(1)} MiB/s`;
    if (this.total <= 0) return amount;
    const fraction = Math.min(1, done / this.total);
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    // The bar takes what the terminal's width leaves.
    const width = Math.max(10, Math.min(50, (this.stream.columns || 80) - amount.length - percent.length - 6));
    const filled = Math.round(fraction * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}  ${amount}`;
  }
}

function mib(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}
