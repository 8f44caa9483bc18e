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
