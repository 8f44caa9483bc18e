import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtocolError } from '../../src/hub/errors.js';
import { MAX_LINE_BYTES, readJsonItems, readLines, tryParseObject } from '../../src/hub/ndjson.js';

async function* chunks(parts: Array<Buffer | string>, failWith?: Error): AsyncGenerator<Buffer | string> {
  for (const p of parts) {
    await Promise.resolve();
    yield p;
  }
  if (failWith) throw failWith;
}

async function collect(body: AsyncIterable<Buffer | string>, max?: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(body, max)) lines.push(line);
  return lines;
}

/** Collects until the stream throws; returns what was read and the error. */
async function collectUntilError(body: AsyncIterable<Buffer | string>, max?: number): Promise<{ lines: string[]; error: unknown }> {
  const lines: string[] = [];
  try {
    for await (const line of readLines(body, max)) lines.push(line);
  } catch (error) {
    return { lines, error };
  }
  return { lines, error: undefined };
}

describe('readLines', () => {
  it('splits lines, also when a line spans chunks', async () => {
    const got = await collect(chunks([Buffer.from('{"a":1}\n{"b"'), Buffer.from(':2}\n{"c":'), Buffer.from('3}\n')]));
    assert.deepEqual(got, ['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('gives several lines from one chunk', async () => {
    assert.deepEqual(await collect(chunks([Buffer.from('1\n2\n3\n')])), ['1', '2', '3']);
  });

  it('decodes multi-byte UTF-8 split across chunks', async () => {
    const text = '{"m":"héllo 世界 🚀"}\n';
    const bytes = Buffer.from(text);
    // split inside every multi-byte character, one byte at a time
    const parts = Array.from(bytes, (b) => Buffer.from([b]));
    assert.deepEqual(await collect(chunks(parts)), ['{"m":"héllo 世界 🚀"}']);
    const emoji = bytes.indexOf(Buffer.from('🚀'));
    assert.deepEqual(await collect(chunks([bytes.subarray(0, emoji + 2), bytes.subarray(emoji + 2)])), ['{"m":"héllo 世界 🚀"}']);
  });

  it('handles \\r\\n, also when \\r and \\n are in different chunks', async () => {
    assert.deepEqual(await collect(chunks([Buffer.from('a\r\nb\r'), Buffer.from('\nc\r\n')])), ['a', 'b', 'c']);
  });

  it('skips blank and whitespace-only lines', async () => {
    assert.deepEqual(await collect(chunks([Buffer.from('\n\na\n  \n\r\n\tb\n\n')])), ['a', '\tb']);
  });

  it('keeps the final line without newline', async () => {
    assert.deepEqual(await collect(chunks([Buffer.from('a\nlast')])), ['a', 'last']);
    assert.deepEqual(await collect(chunks([Buffer.from('a\nla'), Buffer.from('st\r')])), ['a', 'last']);
  });

  it('gives nothing for an empty stream', async () => {
    assert.deepEqual(await collect(chunks([])), []);
    assert.deepEqual(await collect(chunks([Buffer.alloc(0), Buffer.from('\n')])), []);
  });

  it('accepts string chunks', async () => {
    assert.deepEqual(await collect(chunks(['x\ny', 'z\n'])), ['x', 'yz']);
  });

  it('accepts a line exactly at the cap', async () => {
    const line = 'x'.repeat(64);
    assert.deepEqual(await collect(chunks([line.slice(0, 40), line.slice(40), '\n']), 64), [line]);
  });

  it('throws ProtocolError for a line over the cap that spans chunks', async () => {
    const { lines, error } = await collectUntilError(chunks([Buffer.from('ok\n' + 'x'.repeat(40)), Buffer.from('y'.repeat(40)), Buffer.from('\n')]), 64);
    assert.deepEqual(lines, ['ok']);
    assert.ok(error instanceof ProtocolError, String(error));
  });

  it('throws ProtocolError for an unterminated line over the cap', async () => {
    const { error } = await collectUntilError(chunks([Buffer.from('z'.repeat(100))]), 64);
    assert.ok(error instanceof ProtocolError, String(error));
  });

  it('counts the cap in bytes, not characters', async () => {
    const { error } = await collectUntilError(chunks([Buffer.from('é'.repeat(40))]), 64);
    assert.ok(error instanceof ProtocolError, String(error));
  });

  it(
    'throws ProtocolError for a line over the cap that arrives whole in one chunk',
    async () => {
      const { error } = await collectUntilError(chunks([Buffer.from('x'.repeat(100) + '\n')]), 64);
      assert.ok(error instanceof ProtocolError, `no error; lines of ${100} bytes passed a cap of 64`);
    },
  );

  it('has a 1 MiB default cap', () => {
    assert.equal(MAX_LINE_BYTES, 1024 * 1024);
  });

  it('drops the partial line of a stream that breaks and rethrows its error', async () => {
    const boom = Object.assign(new Error('socket closed'), { code: 'UND_ERR_SOCKET' });
    const { lines, error } = await collectUntilError(chunks([Buffer.from('{"a":1}\n{"b":'), Buffer.from('2')], boom));
    assert.deepEqual(lines, ['{"a":1}']);
    assert.equal(error, boom);
  });

  it('a stream that breaks right after a newline gives every complete line', async () => {
    const boom = new Error('reset');
    const { lines, error } = await collectUntilError(chunks([Buffer.from('1\n2\n')], boom));
    assert.deepEqual(lines, ['1', '2']);
    assert.equal(error, boom);
  });
});

describe('tryParseObject', () => {
  it('parses a JSON object', () => {
    assert.deepEqual(tryParseObject('{"code":202,"data":{"_id":"t1"}}'), { code: 202, data: { _id: 't1' } });
  });

  it('gives undefined for non-JSON, so the line is ignored as the contract says', () => {
    assert.equal(tryParseObject('<html>502 Bad Gateway</html>'), undefined);
    assert.equal(tryParseObject('{"truncated": '), undefined);
  });

  it('gives undefined for arrays, null, numbers and strings', () => {
    for (const line of ['[1,2,3]', 'null', '42', '"text"']) assert.equal(tryParseObject(line), undefined, line);
  });
});

describe('readJsonItems', () => {
  async function items(text: string, maxBytes?: number): Promise<Array<{ text: string; obj?: unknown }>> {
    const out: Array<{ text: string; obj?: unknown }> = [];
    for await (const item of readJsonItems(chunks([Buffer.from(text)]), maxBytes)) out.push(item);
    return out;
  }

  it('gives one object per line, and text for a line that is not one', async () => {
    assert.deepEqual(await items('{"a":1}\nhello\n{"b":2}\n'), [
      { text: '{"a":1}', obj: { a: 1 } },
      { text: 'hello', obj: undefined },
      { text: '{"b":2}', obj: { b: 2 } },
    ]);
  });

  it('gathers an object pretty-printed over several lines, braces inside strings included', async () => {
    const value = { type: 'complete', payload: { name: 'x}{', tags: ['a', '[b'] }, extra: [{ n: 1 }, {}] };
    const got = await items(`${JSON.stringify(value, null, 2)}\n{"after":true}\n`);
    assert.deepEqual(got.map((i) => i.obj), [value, { after: true }]);
  });

  it('a garbage line that opens a brace does not swallow the object lines after it', async () => {
    const got = await items('{not json\n  more garbage\n{"a":1}\n');
    assert.deepEqual(got, [{ text: '{not json\n  more garbage' }, { text: '{"a":1}', obj: { a: 1 } }]);
  });

  it('an object left open at the end comes as text; one larger than the bound is an error', async () => {
    assert.deepEqual(await items('{\n  "a": 1,\n'), [{ text: '{\n  "a": 1,' }]);
    await assert.rejects(items(`{\n${'  "k": "vvvvvvvvvv",\n'.repeat(200)}}\n`, 1024), /longer than 1 KiB/);
  });
});
