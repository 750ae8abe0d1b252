/**
 * writeAtomic encodes each chunk into a reused buffer instead of joining the chunks first: the
 * file must hold exactly the UTF-8 of the chunks joined, at every batch boundary and for every
 * kind of character, a surrogate pair split between two chunks included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeAtomic } from '../../src/util/atomic-write.js';

const BATCH = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'apiposture-encoding-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
async function bytesWritten(chunks: Iterable<string>): Promise<Buffer> {
  const path = join(dir, `file-${(written += 1)}.json`);
  await writeAtomic(path, chunks);
  return readFileSync(path);
}

/** What the file must hold: the chunks joined, encoded at once. */
const joined = (chunks: readonly string[]) => Buffer.from(chunks.join(''), 'utf8');

/** A deterministic sequence of chunk lengths, from 0 to about 90,000 characters. */
function* lengths(seed: number, count: number): Generator<number> {
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    yield state % 7 === 0 ? 0 : (state >>> 8) % (state % 3 === 0 ? 90_000 : 300);
  }
}

describe('writeAtomic writes the UTF-8 of its chunks joined', () => {
  it('ASCII chunks of every size, across many batches', async () => {
    const chunks = [...lengths(1, 400)].map((n, i) => String.fromCharCode(97 + (i % 26)).repeat(n));
    assert.ok(chunks.join('').length > 3 * BATCH);
    assert.deepEqual(await bytesWritten(chunks), joined(chunks));
  });

  it('two-, three- and four-byte characters, chunks longer than a batch among short ones', async () => {
    const alphabet = ['é', '中', '😀', 'a', '\u0000', '\u2028'];
    const chunks = [...lengths(2, 300)].map((n, i) => alphabet[i % alphabet.length]!.repeat(n));
    chunks.splice(10, 0, '中'.repeat(BATCH), 'é'.repeat(BATCH / 2 + 1));
    assert.deepEqual(await bytesWritten(chunks), joined(chunks));
  });

  it('a chunk that fills the batch to its last byte, then one more byte', async () => {
    const chunks = ['a'.repeat(BATCH / 3), 'b'.repeat(BATCH - BATCH / 3 - 6), 'cc', 'd', 'e'];
    assert.deepEqual(await bytesWritten(chunks), joined(chunks));
  });

  it('a surrogate pair split between two chunks is one character, also where a batch is written in between', async () => {
    const [high, low] = ['\ud83d', '\ude00'];
    for (const before of [1, BATCH / 3 - 1, BATCH / 3]) {
      const chunks = ['x'.repeat(before) + high, low + 'y', 'z'.repeat(BATCH / 3), high, '', low];
      const bytes = await bytesWritten(chunks);
      assert.deepEqual(bytes, joined(chunks));
      assert.equal(bytes.toString('utf8').match(/😀/gu)?.length, 2);
    }
  });

  it('lone halves of a pair are written as Buffer.from writes them (U+FFFD), the last chunk ending in one included', async () => {
    const cases = [['a\ud83d', 'b'], ['\ude00a'], ['a', '\ud83d'], ['\ud83d'], ['a'.repeat(BATCH / 3 - 1), 'b'.repeat(BATCH / 3), '\ud83d']];
    for (const chunks of cases) assert.deepEqual(await bytesWritten(chunks), joined(chunks), JSON.stringify(chunks.map((c) => c.slice(-3))));
  });

  it('no chunks, or only empty ones, make an empty file', async () => {
    assert.equal((await bytesWritten([])).length, 0);
    assert.equal((await bytesWritten(['', '', ''])).length, 0);
  });
});
