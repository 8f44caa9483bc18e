// A model of how a GitHub runner reads a step's output, written from actions/runner's rules
// (src/Runner.Common/ActionCommand.cs, src/Runner.Worker/ActionCommandManager.cs,
// src/Runner.Worker/Handlers/OutputManager.cs, ExecutionContext.AddIssue/Write). The tests judge the
// step's stdout through it: what the log shows once commands ran and masks applied, which annotations,
// groups and masks the step made, and which commands ran at all.
//
// The rules, as facts:
// - The output is read line by line; \n, \r\n and \r each end a line.
// - A line is looked at as a command only when it holds `##[` or `::`. The `::` form (checked first)
//   applies when the line, after leading white space, starts with `::name` and has a second `::`;
//   properties are `k=v` separated by `,`, before the second `::`. The `##[` form applies anywhere
//   in the line: `##[name k=v;k=v]data`. Only registered names count, in any letter case.
// - Data is unescaped (%0D %0A %25; the `##[` form also %3B %5D); `::` properties also %3A %2C.
// - `stop-commands` with a token stops every command until one named as the token (in either form);
//   a token longer than 6 characters is masked from then on. Stopped commands are shown as they are.
// - `add-mask` masks the value, and each of its lines (trimmed, non-empty), in every line after it.
// - error/warning/notice become annotations (message masked, cut at 4,096 characters; 10 of each kind
//   per step are kept, every one is written to the log as `##[error]message` and so on).
// - group / endgroup write `##[group]title` / `##[endgroup]`; the log viewer folds on those markers.
// - debug is shown only with ACTIONS_STEP_DEBUG (as `##[debug]line`).
// - Every line written to the log is masked first.
import { SecretMasker } from './runner-masker.js';

export type AnnotationKind = 'error' | 'warning' | 'notice';

export interface Annotation {
  kind: AnnotationKind;
  message: string;
  properties: Record<string, string>;
  /** Message and properties before the runner masked them: what the step itself let through. */
  unmasked: string;
  unmaskedProperties: Record<string, string>;
  /** Index in `lines` of the line the runner wrote for it. */
  logLine: number;
  /** The title of the log group open when it was made, if any. */
  inGroup?: string;
  /** False past the 10 of its kind a step keeps: only in the log then. */
  kept: boolean;
}

export interface LogGroup {
  title: string;
  /** Index in `lines` of its `##[group]` marker. */
  start: number;
  closed: boolean;
}

export interface RanCommand {
  name: string;
  data: string;
  properties: Record<string, string>;
  /** The input line (0-based) it came from. */
  inputLine: number;
}

export interface RunnerReading {
  /** The log as the runner stores it, one entry per line, masks applied. */
  lines: string[];
  /** The same lines before masking: what the step itself let through. */
  unmaskedLines: string[];
  /** The log as a person reads it: the viewer's markers (`##[group]`, `##[error]`...) rendered away. */
  text: string;
  annotations: Annotation[];
  /** The values masked with add-mask (not their encoded forms), in order. */
  masks: string[];
  groups: LogGroup[];
  /** Every command the runner acted on (stop-commands and its resume included). */
  commands: RanCommand[];
  /** Outputs set with the deprecated set-output command. */
  setOutputs: Record<string, string>;
  /** Commands that failed to run (a refused set-env, an invalid stop token...). */
  failures: string[];
  /** The stop token still in force at the end, if commands were left stopped. */
  stoppedUntil?: string;
  /** The runner's masker as the step left it: masks other text (outputs, summary) as the runner would. */
  masker: SecretMasker;
}

export interface ReadOptions {
  /** ACTIONS_STEP_DEBUG: debug lines are shown. */
  stepDebug?: boolean;
}

const REGISTERED = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
];
/** Commands whose line is never echoed, even with echo on. */
const OMIT_ECHO = new Set(['add-mask', 'debug', 'warning', 'error', 'notice']);
export const MAX_ANNOTATION_LENGTH = 4096;
export const MAX_ANNOTATIONS_PER_KIND = 10;
/** What the viewer renders specially at the start of a line. */
const VIEWER_MARKERS = /^##\[(group|endgroup|error|warning|notice|debug|command|section)\]/;

export interface ParsedCommand {
  name: string;
  properties: Record<string, string>;
  data: string;
}

const unescapeWith = (pairs: Array<[string, string]>) => (text: string) => {
  let out = text;
  for (const [escaped, plain] of pairs) out = out.split(escaped).join(plain);
  return out;
};
const unescapeV1 = unescapeWith([
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%'],
]);
const unescapeData = unescapeWith([
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
]);
const unescapeProperty = unescapeWith([
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
]);

/** .NET's TrimStart(): every Unicode white space character (not the zero-width ones). */
function trimStartDotNet(text: string): string {
  return text.replace(/^[\s\u0085]+/u, '');
}

function isRegistered(name: string, registered: Set<string>): boolean {
  return registered.has(name.toLowerCase());
}

/** The `::name k=v,k=v::data` form, or undefined. */
export function parseV2(message: string, registered: Set<string>): ParsedCommand | undefined {
  const line = trimStartDotNet(message);
  if (!line.startsWith('::')) return undefined;
  const end = line.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!isRegistered(name, registered)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const [key, value] = splitPair(pair);
      if (key !== undefined && value !== undefined) properties[key] = unescapeProperty(value);
    }
  }
  return { name, properties, data: unescapeData(line.slice(end + 2)) };
}

/** The `##[name k=v;k=v]data` form, anywhere in the line, or undefined. */
export function parseV1(message: string, registered: Set<string>): ParsedCommand | undefined {
  const at = message.indexOf('##[');
  if (at < 0) return undefined;
  const close = message.indexOf(']', at);
  if (close < 0) return undefined;
  const info = message.slice(at + 3, close);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!isRegistered(name, registered)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(';').filter(Boolean)) {
      const [key, value] = splitPair(pair);
      if (key !== undefined && value !== undefined) properties[key] = unescapeV1(value);
    }
  }
  return { name, properties, data: unescapeV1(message.slice(close + 1)) };
}

/** `k=v` split at the first `=`, with empty parts dropped as .NET's RemoveEmptyEntries does. */
function splitPair(pair: string): [string | undefined, string | undefined] {
  const eq = pair.indexOf('=');
  if (eq < 0) return [undefined, undefined];
  const parts = [pair.slice(0, eq), pair.slice(eq + 1)].filter((p) => p !== '');
  return parts.length === 2 ? [parts[0], parts[1]] : [undefined, undefined];
}

/** The output as the runner splits it into lines. */
export function runnerLines(output: string): string[] {
  const lines = output.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Reads a step's output (stdout, then stderr) as the runner does. */
export function readAsRunner(outputs: string | string[], options: ReadOptions = {}): RunnerReading {
  const registered = new Set(REGISTERED);
  const masker = new SecretMasker();
  const reading: RunnerReading = { lines: [], unmaskedLines: [], text: '', annotations: [], masks: [], groups: [], commands: [], setOutputs: {}, failures: [], masker };
  const kept: Record<AnnotationKind, number> = { error: 0, warning: 0, notice: 0 };
  let stopToken: string | undefined;
  let echo = options.stepDebug === true;
  const openGroups: LogGroup[] = [];

  const write = (line: string): number => {
    const shown = masker.mask(line);
    reading.lines.push(shown);
    reading.unmaskedLines.push(line);
    const at = reading.lines.length - 1;
    if (shown.startsWith('##[group]')) {
      const group = { title: shown.slice('##[group]'.length), start: at, closed: false };
      // The viewer does not nest groups: a new one ends the one before.
      for (const open of openGroups.splice(0)) open.closed = true;
      openGroups.push(group);
      reading.groups.push(group);
    } else if (shown.startsWith('##[endgroup]')) {
      for (const open of openGroups.splice(0)) open.closed = true;
    }
    return at;
  };
  const addMask = (value: string) => {
    masker.addValue(value);
    reading.masks.push(value);
    for (const line of value.split(/[\r\n]/)) {
      const trimmed = line.trim();
      if (trimmed) masker.addValue(trimmed);
    }
  };
  const annotate = (kind: AnnotationKind, message: string, properties: Record<string, string>) => {
    let masked = masker.mask(message);
    if (masked.length > MAX_ANNOTATION_LENGTH) masked = masked.slice(0, MAX_ANNOTATION_LENGTH);
    const unmasked = message.slice(0, MAX_ANNOTATION_LENGTH);
    const keep = kept[kind] < MAX_ANNOTATIONS_PER_KIND;
    if (keep) kept[kind]++;
    const maskedProps = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, masker.mask(v)]));
    const logLine = masked ? write(`##[${kind}]${unmasked}`) : reading.lines.length - 1;
    reading.annotations.push({ kind, message: masked, unmasked, properties: maskedProps, unmaskedProperties: properties, logLine, inGroup: openGroups[0]?.title, kept: keep });
  };

  const outputsList = typeof outputs === 'string' ? [outputs] : outputs;
  let inputLine = -1;
  for (const output of outputsList) {
    for (const input of runnerLines(output)) {
      inputLine++;
      if (input && (input.includes('##[') || input.includes('::'))) {
        const command = parseV2(input, registered) ?? parseV1(input, registered);
        if (command && processCommand(input, command)) continue;
      }
      write(input.replace(/##\[(start|end)-action/g, '##[\\$1-action'));
    }
  }
  reading.stoppedUntil = stopToken;
  reading.text = reading.lines.map((l) => l.replace(VIEWER_MARKERS, '')).join('\n');
  return reading;

  /** True when the runner took the line as a command (it is then not shown as it is). */
  function processCommand(input: string, command: ParsedCommand): boolean {
    const name = command.name.toLowerCase();
    const ran = () => reading.commands.push({ name, data: command.data, properties: command.properties, inputLine });
    if (stopToken !== undefined) {
      if (name !== stopToken.toLowerCase()) return false;
      write(input);
      registered.delete(stopToken.toLowerCase());
      stopToken = undefined;
      ran();
      return true;
    }
    if (name === 'stop-commands') {
      const token = command.data;
      if (!token || registered.has(token.toLowerCase()) || token.toLowerCase() === 'pause-logging') {
        // The runner throws here: the step fails, and nothing is stopped.
        reading.failures.push(`invalid stop-commands token ${JSON.stringify(token)}`);
        return true;
      }
      stopToken = token;
      registered.add(token.toLowerCase());
      if (token.length > 6) masker.addValue(token);
      write(input);
      ran();
      return true;
    }
    if (echo && !OMIT_ECHO.has(name)) write(input);
    ran();
    switch (name) {
      case 'add-mask':
        if (command.data.trim() === '') annotate('warning', "Can't add secret mask for empty string in ##[add-mask] command.", {});
        else {
          if (echo) write('::add-mask::***');
          addMask(command.data);
        }
        break;
      case 'debug':
        if (options.stepDebug) for (const line of command.data.replace(/\r\n/g, '\n').split('\n')) write(`##[debug]${line}`);
        break;
      case 'error':
      case 'warning':
      case 'notice':
        annotate(name, command.data, command.properties);
        break;
      case 'group':
        write(`##[group]${command.data}`);
        break;
      case 'endgroup':
        write('##[endgroup]');
        break;
      case 'echo': {
        const value = command.data.trim().toUpperCase();
        if (value === 'ON') echo = true;
        else if (value === 'OFF') echo = false;
        else fail(input);
        break;
      }
      case 'set-output':
        if (command.properties.name) reading.setOutputs[command.properties.name] = command.data;
        else fail(input);
        break;
      case 'set-env':
      case 'add-path':
        fail(input); // refused unless ACTIONS_ALLOW_UNSECURE_COMMANDS is set
        break;
      default:
        break; // save-state, add-matcher, remove-matcher: nothing the log shows
    }
    return true;
  }

  function fail(input: string): void {
    reading.failures.push(input);
    annotate('error', `Unable to process command '${input}' successfully.`, {});
  }
}
