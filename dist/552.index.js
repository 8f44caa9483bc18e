export const id = 552;
export const ids = [552];
export const modules = {

/***/ 9552:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MAX_ANNOTATION: () => (/* binding */ MAX_ANNOTATION),
  addSecret: () => (/* binding */ addSecret),
  addSecretsIn: () => (/* binding */ addSecretsIn),
  cut: () => (/* binding */ cut),
  debug: () => (/* binding */ debug),
  drained: () => (/* binding */ drained),
  error: () => (/* binding */ error),
  fail: () => (/* binding */ fail),
  group: () => (/* binding */ group),
  info: () => (/* binding */ info),
  linesOf: () => (/* binding */ linesOf),
  neutralizeLine: () => (/* binding */ neutralizeLine),
  safeLines: () => (/* binding */ safeLines),
  scrub: () => (/* binding */ scrub),
  secretIn: () => (/* binding */ secretIn),
  warning: () => (/* binding */ warning),
  withPrefix: () => (/* binding */ withPrefix)
});

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
;// CONCATENATED MODULE: ./src/secret-forms.ts
// The forms a secret can take in text the action prints: as it is, each of its lines, JSON-escaped
// (as JavaScript and as Python's json.dumps write it), URL-encoded, and base64 at any alignment.
// log.ts scrubs every one of them, and outputs are checked against every one.
/** Encoded forms shorter than this are not looked for: they would match ordinary text. */
const MIN_ENCODED = 6;
function secretForms(value) {
    const forms = new Set([value]);
    const add = (form) => {
        if (form && form.length >= MIN_ENCODED)
            forms.add(form);
    };
    for (const line of value.split(/\r\n|\r|\n/)) {
        const trimmed = line.trim();
        if (trimmed !== value && trimmed.length >= 4)
            forms.add(trimmed);
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
function hex(c) {
    return c.codePointAt(0).toString(16).toUpperCase().padStart(2, '0');
}
function uriEncoded(value) {
    try {
        return encodeURIComponent(value);
    }
    catch {
        return undefined; // a lone surrogate
    }
}
/** JSON with every non-ASCII character as \uXXXX, the way Python's json.dumps writes by default. */
function asciiJson(value) {
    return JSON.stringify(value)
        .slice(1, -1)
        .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

;// CONCATENATED MODULE: ./src/log.ts
// Everything the action prints goes through here, under two rules:
// - Secrets: each known secret is masked for the runner, and replaced by *** in every line (as it is,
//   line by line, JSON-escaped, URL-encoded and base64), whatever path the text took to get here.
// - Untrusted text: every line printed is treated as text the action did not write itself (a build
//   log line, a Hub message, a folder name), so it can never act as a workflow command. The runner
//   takes a line as a command when, after leading white space, it starts with `::`, or when it holds
//   `##[` anywhere; a zero-width space (not white space to the runner) breaks both, and the line
//   reads the same. The action's own commands (masks, groups, annotations) are issued by
//   @actions/core, never through info().



/** When several executors are published at once, each one's lines carry its name. */
const prefixes = new external_node_async_hooks_.AsyncLocalStorage();
/** Runs `fn` with every line it prints prefixed by `[name] `, and without log groups (they would interleave). */
function withPrefix(name, fn) {
    return prefixes.run(`[${name}] `, fn);
}
const secrets = new Map();
/** Every form of every secret, the longest first: what scrub() replaces. */
let log_forms = [];
/** Each form, and the secret it comes from. */
const formOwner = new Map();
/** Registers a secret: the runner masks it, and every line printed from here on has it scrubbed. */
function addSecret(value, kind = 'credential', label = kind === 'credential' ? 'a credential' : 'the executor secret') {
    if (!value)
        return;
    const known = secrets.get(value);
    if (known) {
        if (kind === 'executor-secret')
            secrets.set(value, { kind, label }); // the Hub's own secret for the executor
        return;
    }
    secrets.set(value, { kind, label });
    for (const form of secretForms(value))
        if (!formOwner.has(form))
            formOwner.set(form, value);
    log_forms = [...formOwner.keys()].sort((a, b) => b.length - a.length);
    core/* setSecret */.Pq(value);
}
/** Registers every string found under a key named `secret` in an answer from the Hub (a few levels deep). */
function addSecretsIn(value, depth = 0) {
    if (depth > 6 || value === null || typeof value !== 'object')
        return;
    for (const [key, inner] of Object.entries(value)) {
        if (typeof inner === 'string' && /^secret$/i.test(key))
            addSecret(inner, 'executor-secret');
        else
            addSecretsIn(inner, depth + 1);
    }
}
/** `text` with every form of every known secret replaced by ***. */
function scrub(text) {
    let out = text;
    for (const form of log_forms)
        if (out.includes(form))
            out = out.split(form).join('***');
    return out;
}
/**
 * The secret `text` holds in any form (its label), or undefined. With `allowExecutorSecrets`, an
 * executor secret does not count (the `executors` output hands them over).
 */
function secretIn(text, allowExecutorSecrets = false) {
    for (const form of log_forms) {
        if (!text.includes(form))
            continue;
        const secret = secrets.get(formOwner.get(form));
        if (allowExecutorSecrets && secret.kind === 'executor-secret')
            continue;
        return secret.label;
    }
    return undefined;
}
/** At most `max` characters of `text`, scrubbed BEFORE it is cut (a cut secret is no longer found), with "..." when cut. */
function cut(text, max) {
    const clean = scrub(text);
    if (clean.length <= max)
        return clean;
    let end = Math.max(0, max);
    const last = clean.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff)
        end--; // never split a surrogate pair
    return `${clean.slice(0, end)}...`;
}
const ZERO_WIDTH_SPACE = '\u200b';
/** Leading white space, as the runner trims it (and more: JavaScript's \s also takes U+FEFF). */
const LEADING_COMMAND = /^[\s\u0085]*::/u;
/** One line that cannot act as a workflow command: a leading `::` and every `##[` broken by a zero-width space. */
function neutralizeLine(line) {
    let out = line.split('##[').join(`##${ZERO_WIDTH_SPACE}[`);
    if (LEADING_COMMAND.test(out))
        out = ZERO_WIDTH_SPACE + out;
    return out;
}
/** Text split into the lines the runner would see (\n, \r\n and \r each end one). */
function linesOf(text) {
    return text.split(/\r\n|\r|\n/);
}
/** Text from anywhere, as lines safe to print: secrets scrubbed, each line prefixed (several executors) and neutralized. */
function safeLines(text) {
    const prefix = prefixes.getStore() ?? '';
    return linesOf(scrub(text)).map((line) => neutralizeLine(prefix + line));
}
/** Text from anywhere as one value for a workflow command's data (an annotation, a group title): lines kept, each safe. */
function safeData(text) {
    return safeLines(text).join('\n');
}
/** Annotations are cut by the runner at 4,096 characters: ours stay under it, and say so when cut. */
const MAX_ANNOTATION = 4000;
const ANNOTATION_CUT_NOTE = ' [cut: the full text is in the step log]';
/** Safe text at most `max` characters long: cut (after scrubbing) with a note when longer. */
function bounded(safe, max, note = ANNOTATION_CUT_NOTE) {
    return safe.length > max ? `${cut(safe, max - note.length - 3)}${note}` : safe;
}
function info(text) {
    for (const line of safeLines(text))
        core/* info */.pq(line);
}
function debug(text) {
    for (const line of safeLines(text))
        core/* debug */.Yz(line);
}
/** An annotation's title and file are text from anywhere too. */
function safeProps(props) {
    if (!props)
        return props;
    const out = { ...props };
    if (props.title !== undefined)
        out.title = bounded(safeData(props.title).replace(/\n/g, ' '), 200, '');
    if (props.file !== undefined)
        out.file = scrub(props.file);
    return out;
}
/** An annotation's message: safe, and under the runner's limit; a longer one is also printed whole in the log. */
function annotationMessage(text) {
    const safe = safeData(text);
    if (safe.length > MAX_ANNOTATION)
        info(text);
    return bounded(safe, MAX_ANNOTATION);
}
function warning(text, props) {
    core/* warning */.$e(annotationMessage(text), safeProps(props));
}
function error(text, props) {
    core/* error */.z3(annotationMessage(text), safeProps(props));
}
/** Ends the step as failed with `text`: printed after any open log group is closed, so it is never folded away. */
function fail(text) {
    closeOpenGroup();
    // The step's own failure: no executor prefix.
    const safe = linesOf(scrub(text)).map(neutralizeLine).join('\n');
    if (safe.length > MAX_ANNOTATION)
        for (const line of linesOf(safe))
            core/* info */.pq(line);
    core/* setFailed */.C1(bounded(safe, MAX_ANNOTATION));
}
/** The group open now (groups do not nest in the runner's log), and a way to tell whether it is still ours to close. */
let openGroup;
function closeOpenGroup() {
    if (openGroup === undefined)
        return;
    openGroup = undefined;
    core/* endGroup */.N4();
}
/** Runs `fn` inside a collapsible log group. */
async function group(title, fn) {
    if (prefixes.getStore()) {
        info(title);
        return fn();
    }
    closeOpenGroup();
    const mine = Symbol(title);
    core/* startGroup */.Oh(bounded(safeData(title).replace(/\n/g, ' '), 500, ''));
    openGroup = mine;
    try {
        return await fn();
    }
    finally {
        if (openGroup === mine)
            closeOpenGroup();
    }
}
const DRAIN_WAIT_MS = 60_000;
/**
 * Resolves once stdout has room again (it is not over its high-water mark), so that a loop printing a
 * flood of lines waits for the reader instead of queueing them in memory. Bounded: it also resolves
 * when stdout closes or fails, and after a minute at most.
 */
function drained(stream = process.stdout) {
    if (!stream.writableNeedDrain)
        return Promise.resolve();
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            stream.off('drain', done);
            stream.off('close', done);
            stream.off('error', done);
            resolve();
        };
        const timer = setTimeout(done, DRAIN_WAIT_MS);
        timer.unref?.();
        stream.once('drain', done);
        stream.once('close', done);
        stream.once('error', done);
    });
}


/***/ })

};
