// A model of the GitHub runner's secret masker, written from the rules in actions/runner
// (src/Sdk/DTLogging/Logging/SecretMasker.cs, ValueEncoders.cs, and the encoders HostContext registers).
// Each value added is masked as it is and in every encoded form the runner derives from it; a line is
// masked by replacing every occurrence of any of them, overlapping or touching ones merged, with ***.

/** The encoders the runner registers, in its order: each turns a secret into another form to mask. */
export const RUNNER_ENCODERS: Array<(value: string) => string> = [
  (v) => base64(Buffer.from(v, 'utf8')),
  (v) => base64Shifted(v, 1),
  (v) => base64Shifted(v, 2),
  (v) => v.split('"').join('\\"'), // command line argument escape
  (v) => v.split("'").join("''"), // expression string escape
  jsonEscape,
  uriDataEscape,
  xmlEscape,
  (v) => (v.length > 8 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : ''),
  powerShellPreAmpersand,
  powerShellPostAmpersand,
];

function base64(bytes: Buffer): string {
  return bytes.toString('base64');
}

function base64Shifted(value: string, shift: number): string {
  const bytes = Buffer.from(value, 'utf8');
  return base64(bytes.length > shift ? bytes.subarray(shift) : bytes);
}

/** A JSON string's content, the way Newtonsoft.Json writes it (control characters, ", \, U+0085, U+2028, U+2029). */
export function jsonEscape(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code === 0x85 || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** Uri.EscapeDataString: everything but RFC 3986's unreserved characters percent-encoded, upper-case hex. */
export function uriDataEscape(value: string): string {
  try {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${(c.codePointAt(0) as number).toString(16).toUpperCase()}`);
  } catch {
    return ''; // a lone surrogate: nothing to add
  }
}

function xmlEscape(value: string): string {
  return value.replace(/[<>"'&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '&': '&amp;' })[c] as string);
}

function powerShellPreAmpersand(value: string): string {
  if (!value.includes('&')) return '';
  const section = value.includes('&+') ? value.slice(0, value.indexOf('&+') + 2) : value.slice(0, value.lastIndexOf('&') + 1);
  return section.length >= 6 ? section : '';
}

function powerShellPostAmpersand(value: string): string {
  if (!value.includes('&')) return '';
  let section = '';
  if (value.includes('&+')) {
    const after = value.indexOf('&+') + 2;
    if (value.length > after + 1) section = value.slice(after + 1);
  } else {
    section = value.slice(value.lastIndexOf('&') + 1);
  }
  return section.length >= 6 ? section : '';
}

export class SecretMasker {
  private readonly originals = new Set<string>();
  private readonly values = new Set<string>();

  /** Adds a value and its encoded forms (an empty value is ignored, as the runner does). */
  addValue(value: string): void {
    if (!value || this.originals.has(value)) return;
    this.originals.add(value);
    this.values.add(value);
    for (const encode of RUNNER_ENCODERS) {
      const encoded = encode(value);
      if (encoded) this.values.add(encoded);
    }
  }

  /** The values added as such (not their encoded forms). */
  get added(): string[] {
    return [...this.originals];
  }

  mask(input: string): string {
    if (!input) return '';
    const found: Array<[start: number, end: number]> = [];
    for (const value of this.values) {
      for (let at = input.indexOf(value); at >= 0; at = input.indexOf(value, at + 1)) found.push([at, at + value.length]);
    }
    if (found.length === 0) return input;
    found.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [start, end] of found) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    let out = '';
    let from = 0;
    for (const [start, end] of merged) {
      out += `${input.slice(from, start)}***`;
      from = end;
    }
    return out + input.slice(from);
  }
}

/** How many times `secret` shows in `text`, as it is or in any form the runner masks (base64, JSON, URL...). */
export function timesShown(text: string, secret: string): number {
  const m = new SecretMasker();
  m.addValue(secret);
  const masked = m.mask(text);
  if (masked === text) return 0;
  return Math.max(1, masked.split('***').length - text.split('***').length);
}
