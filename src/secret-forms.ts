// The forms a secret can take in text the action prints: as it is, each of its lines, JSON-escaped
// (as JavaScript and as Python's json.dumps write it), URL-encoded, and base64 at any alignment.
// log.ts scrubs every one of them, and outputs are checked against every one.

/** Encoded forms shorter than this are not looked for: they would match ordinary text. */
const MIN_ENCODED = 6;

export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const add = (form: string | undefined) => {
    if (form && form.length >= MIN_ENCODED) forms.add(form);
  };
  for (const line of value.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (trimmed !== value && trimmed.length >= 4) forms.add(trimmed);
  }
  add(JSON.stringify(value).slice(1, -1));
  add(asciiJson(value));
  add(JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/')); // some encoders also escape "/"
  add(uriEncoded(value));
  add(uriEncoded(value)?.replace(/[!'()*]/g, (c) => `%${hex(c)}`));
  add(new URLSearchParams({ v: value }).toString().slice(2));
  const bytes = Buffer.from(value, 'utf8');
  for (let shift = 0; shift < 3 && shift < bytes.length; shift++) {
    const rest = bytes.subarray(shift);
    // Only the characters fixed by these bytes alone: the last one also depends on what follows.
    const fixed = Math.floor((rest.length * 8) / 6);
    const b64 = rest.toString('base64').slice(0, fixed);
    add(b64);
    add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

function hex(c: string): string {
  return (c.codePointAt(0) as number).toString(16).toUpperCase().padStart(2, '0');
}

function uriEncoded(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined; // a lone surrogate
  }
}

/** JSON with every non-ASCII character as \uXXXX, the way Python's json.dumps writes by default. */
function asciiJson(value: string): string {
  return JSON.stringify(value)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${(c.charCodeAt(0) as number).toString(16).padStart(4, '0')}`);
}
