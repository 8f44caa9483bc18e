import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packingLine, phaseLine, Ticker, uploadingLine } from '../../src/progress.js';

describe('Ticker', () => {
  it('is due once every interval, never at the start', () => {
    let now = 1_000;
    const ticker = new Ticker(5_000, () => now);
    assert.equal(ticker.due(), false);
    now += 4_999;
    assert.equal(ticker.due(), false);
    now += 1;
    assert.equal(ticker.due(), true);
    assert.equal(ticker.due(), false, 'not twice for the same moment');
    now += 5_000;
    assert.equal(ticker.due(), true);
  });
});

describe('progress lines', () => {
  it('packing: files and bytes, of the totals', () => {
    assert.equal(
      packingLine({ files: 1200, totalFiles: 3000, bytes: 350 * 1024 ** 2, totalBytes: 1000 * 1024 ** 2 }),
      'packing: 1200 of 3000 files, 350.0 MiB of 1000.0 MiB (35%)',
    );
  });

  it('uploading: bytes, rate and the time left', () => {
    assert.equal(uploadingLine(100 * 1024 ** 2, 400 * 1024 ** 2, 2_000), 'uploading: 100.0 MiB of 400.0 MiB (25%), 50.0 MiB/s, about 6s left');
    assert.equal(uploadingLine(0, 10, 0), 'uploading: 0 B of 10 B (0%), 0 B/s');
  });

  it('a phase line gives the seconds with two decimals, and the detail', () => {
    assert.equal(phaseLine('upload', 2_134.4, '1.00 GiB at 470.2 MiB/s'), 'upload done in 2.13 s (1.00 GiB at 470.2 MiB/s)');
    assert.equal(phaseLine('build', 61_000), 'build done in 61.00 s');
  });
});
