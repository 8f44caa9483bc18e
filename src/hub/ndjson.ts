// Newline-delimited JSON from a response body, one object per line, with a bound on line length.
import { StringDecoder } from 'node:string_decoder';
import { ProtocolError } from './errors.js';

export const MAX_LINE_BYTES = 1 << 20;

/**
 * The complete lines of a body. A line cut by a broken stream is dropped (the error propagates);
 * the last line of a stream that ended cleanly is kept even without a newline.
 */
export async function* readLines(body: AsyncIterable<Buffer | string>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of body) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      if (Buffer.byteLength(line) > maxLineBytes) throw tooLong(maxLineBytes);
      if (line.trim()) yield line;
      newline = pending.indexOf('\n');
    }
    if (Buffer.byteLength(pending) > maxLineBytes) throw tooLong(maxLineBytes);
  }
  pending += decoder.end();
  if (pending.trim()) yield pending.replace(/\r$/, '');
}

function tooLong(maxLineBytes: number): ProtocolError {
  return new ProtocolError(`the Hub sent a line longer than ${Math.round(maxLineBytes / 1024)} KiB, which is not what its API sends`);
}

/** One line as a JSON object, or undefined when it is anything else (the contract says: ignore it). */
export function tryParseObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One item of an answer: a JSON object (`obj`), or text that is not one. */
export interface JsonItem {
  text: string;
  obj?: Record<string, unknown>;
}

/**
 * The JSON objects of a body: one per line, as the contract sends them, and also an object written
 * over several lines (pretty-printed: it opens with `{` at the start of a line and closes when its
 * brackets balance). Lines that are neither come as text. An object of more than `maxBytes` is an error.
 */
export async function* readJsonItems(body: AsyncIterable<Buffer | string>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<JsonItem> {
  let pending: string[] | undefined;
  let depth = 0;
  let bytes = 0;
  for await (const line of readLines(body, maxBytes)) {
    const alone = /^\{/.test(line) ? tryParseObject(line) : undefined;
    if (pending === undefined) {
      if (alone) {
        yield { text: line, obj: alone };
        continue;
      }
      const opens = nesting(line);
      if (/^\s*\{/.test(line) && opens > 0) {
        pending = [line];
        depth = opens;
        bytes = Buffer.byteLength(line);
        continue;
      }
      yield { text: line, obj: tryParseObject(line) };
      continue;
    }
    if (alone) {
      // A whole object at the start of a line: what was gathered was not an object after all.
      yield { text: pending.join('\n') };
      pending = undefined;
      yield { text: line, obj: alone };
      continue;
    }
    pending.push(line);
    depth += nesting(line);
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > maxBytes) throw tooLong(maxBytes);
    if (depth <= 0) {
      const text = pending.join('\n');
      pending = undefined;
      yield { text, obj: tryParseObject(text) };
    }
  }
  if (pending !== undefined) yield { text: pending.join('\n') };
}

/** Brackets opened minus brackets closed on one line, outside strings (a JSON string never spans lines). */
function nesting(line: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth;
}
