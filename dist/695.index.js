export const id = 695;
export const ids = [695];
export const modules = {
  /***/
  1695: (
    /***/
    ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {
      __webpack_require__.d(__webpack_exports__, {
        fail: () => (
          /* reexport */
          fail
        ),
        run: () => (
          /* binding */
          run
        )
      });
      var core = __webpack_require__(3838);
      var cancel = __webpack_require__(833);
      ;
      class HubError extends Error {
        details;
        name = "HubError";
        constructor(message, details) {
          super(message);
          this.details = details;
        }
      }
      function isNotFound(err) {
        return err instanceof HubError && (err.details.status === 40403 || err.details.httpStatus === 404);
      }
      class BuildTimeout extends HubError {
        name = "BuildTimeout";
      }
      class ProtocolError extends Error {
        name = "ProtocolError";
      }
      class StallError extends Error {
        name = "StallError";
        code = "HUB_STALLED";
      }
      const RETRYABLE_HTTP = /* @__PURE__ */ new Set([408, 429, 500, 502, 503, 504]);
      function parseErrorBody(text) {
        try {
          const body = JSON.parse(text);
          if (body === null || typeof body !== "object")
            return {};
          const pick = (v) => typeof v === "string" && v.trim() ? v.trim() : void 0;
          return {
            status: typeof body.status === "number" ? body.status : void 0,
            code: typeof body.code === "number" ? body.code : void 0,
            hubMessage: pick(body.readableMessage) ?? pick(body.message)
          };
        } catch {
          return {};
        }
      }
      function describeHubError(e, ctx, sessionId) {
        const advice = adviceFor(e.status, e.httpStatus, ctx);
        const said = e.hubMessage ?? (e.httpStatus !== void 0 ? `HTTP ${e.httpStatus}` : "no reason given");
        const head = advice ?? `the Hub refused ${ctx.method}`;
        return `${head} (Hub: ${said}; session ${sessionId})`;
      }
      function adviceFor(status, httpStatus, ctx) {
        const target = ctx.forceUpdate ?? ctx.name ?? "the executor";
        switch (status) {
          case 40001:
            return `the Hub rejected a parameter of ${ctx.method}: check the inputs`;
          case 40003:
            return "the upload arrived incomplete (data stream broken): run the step again";
          case 40101:
            return "the Hub wants an SSO login: create a token with `jina auth token create` and pass it as token";
          case 40102:
            return "the Hub did not accept the token: check the token input (or JINA_AUTH_TOKEN), it may be expired or mistyped";
          case 40103:
            return "the Hub needs a token for this: set the token input (or JINA_AUTH_TOKEN)";
          case 40301:
            return `you may not change ${target}: give the executor's secret, or a token of its owner`;
          case 40403:
            return `${target} was not found on the Hub: check the name or ID${ctx.forceUpdate ? " given as force-update" : ""}`;
          case 40901:
            return `the ID of ${target} conflicts with another executor on the Hub: push again with a different name`;
          case 40902:
            return `a protected tag of ${target} already exists${ctx.tags?.length ? ` (one of ${ctx.tags.join(", ")})` : ""}: a protected tag can never be pushed again, so push a new tag`;
          case 41301:
            return "the package is too large for the Hub: leave big files out with .gitignore";
          case 42202:
            return `the name ${ctx.name ?? target} is taken on the Hub: rename metas.name in config.yml or push with force-update and the executor's secret`;
          case 42203:
            return `the Hub found the submitted data malformed in ${ctx.method}`;
          case 42205:
            return "a service behind the Hub failed: run the step again later";
          case 50001:
            return "the Hub had an internal error: run the step again later";
          case 50003:
            return "the Docker build failed: see the build log above";
          case 50006:
            return "the Hub closed the response stream early: run the step again";
        }
        switch (httpStatus) {
          case 401:
            return "the Hub did not accept the credentials: check the token input (or JINA_AUTH_TOKEN)";
          case 403:
            return `the Hub refused ${ctx.method} for ${target}`;
          case 404:
            return `the Hub does not know ${ctx.method}, or ${target}: check the registry input`;
          case 413:
            return "the package is too large for the Hub: leave big files out with .gitignore";
        }
        return void 0;
      }
      var external_node_crypto_ = __webpack_require__(7598);
      var external_node_http_ = __webpack_require__(7067);
      var promises_ = __webpack_require__(8500);
      var undici = __webpack_require__(6752);
      var external_node_path_ = __webpack_require__(6760);
      var external_node_path_default = /* @__PURE__ */ __webpack_require__.n(external_node_path_);
      var external_node_fs_ = __webpack_require__(3024);
      ;
      function isWithin(folder, target) {
        const rel = external_node_path_default().relative(folder, target);
        return rel === "" || rel !== ".." && !rel.startsWith(`..${external_node_path_default().sep}`) && !external_node_path_default().isAbsolute(rel);
      }
      async function repositoryRoot(folder, workspace) {
        const real2 = await external_node_fs_.promises.realpath(folder);
        if (workspace) {
          const ws = await external_node_fs_.promises.realpath(workspace).catch(() => void 0);
          if (ws !== void 0 && isWithin(ws, real2))
            return ws;
        }
        for (let dir = real2; ; dir = external_node_path_default().dirname(dir)) {
          if (await external_node_fs_.promises.lstat(external_node_path_default().join(dir, ".git")).then(() => true, () => false))
            return dir;
          if (external_node_path_default().dirname(dir) === dir)
            return real2;
        }
      }
      function splitPathInput(value) {
        const items = [];
        let current = "";
        let depth = 0;
        for (const c of value) {
          if (c === "{")
            depth++;
          else if (c === "}" && depth > 0)
            depth--;
          if (c === "\n" || c === "\r" || c === "," && depth === 0) {
            items.push(current);
            current = "";
            depth = 0;
            continue;
          }
          current += c;
        }
        items.push(current);
        return items.map((s) => s.trim()).filter((s) => s.length > 0);
      }
      ;
      const DEFAULT_REGISTRY = "https://api.hubble.jina.ai";
      class InputError extends Error {
        name = "InputError";
      }
      const GPU_DOCKERFILE = "Dockerfile.gpu";
      function inputSecrets(read, env) {
        const secrets2 = [
          { value: tokenOf(read, env), label: "the token" },
          { value: read("secret").trim(), label: "the executor secret" }
        ];
        const notSecretKeys = [];
        splitLines(read("build-env")).forEach((line, index) => {
          const eq = line.indexOf("=");
          const key = eq > 0 ? line.slice(0, eq).trim() : "";
          if (!BUILD_ENV_KEY.test(key)) {
            secrets2.push({ value: line, label: `build-env line ${index + 1}` });
            if (eq >= 0)
              secrets2.push({ value: line.slice(eq + 1), label: `build-env line ${index + 1}` });
            return;
          }
          const value = line.slice(eq + 1);
          if (tooCommonToBeSecret(value))
            notSecretKeys.push(key);
          else
            secrets2.push({ value, label: `the build-env value of ${key}` });
        });
        return { secrets: secrets2.filter((s) => s.value.length > 0), notSecretKeys: [...new Set(notSecretKeys)] };
      }
      function secretsOf(read, env) {
        return inputSecrets(read, env).secrets.map((s) => s.value);
      }
      function tooCommonToBeSecret(value) {
        const v = value.trim();
        if (v.length < 4)
          return true;
        if (/^(true|false|yes|no|on|off|none|null)$/i.test(v))
          return true;
        if (v.length <= 8 && /^[+-]?\d+(\.\d+)?$/.test(v))
          return true;
        return v.length <= 20 && /^v?\d+(\.\d+){1,3}([-+][0-9A-Za-z.]+)?$/.test(v);
      }
      function notSecretNotice(keys) {
        if (keys.length === 0)
          return void 0;
        const list = keys.join(", ");
        return `build-env ${keys.length > 1 ? `values of ${list} are` : `value of ${list} is`} not masked: too short or too common to be a secret (fewer than 4 characters, a yes/no word, a short number or a version); masking it would hide it all over the log.`;
      }
      function parseInputs(read, env, cwd = process.cwd()) {
        const registry = parseRegistry(read("registry").trim() || env.JINA_HUBBLE_REGISTRY?.trim() || DEFAULT_REGISTRY);
        const token = tokenOf(read, env) || void 0;
        const hubApi = parseHubApi(read("hub-api"));
        if ((token || read("secret").trim()) && !isSafeTransport(registry)) {
          throw new InputError(`registry "${registry}" uses plain http:// to a remote host, which would send the token or secret in clear text: use https://.`);
        }
        const paths = splitPathInput(read("path"));
        if (paths.length === 0)
          paths.push(".");
        const folder = external_node_path_default().resolve(cwd, paths[0]);
        const verbose = parseBoolean(read, "verbose", false);
        const wait = parseBoolean(read, "wait", true);
        const timeoutMs = parseTimeout(read("timeout"));
        const stallTimeoutMs = parseStallTimeout(read("stall-timeout"));
        const taskId = read("task-id").trim() || void 0;
        const statusOnly = parseBoolean(read, "status-only", false);
        const replay = parseBoolean(read, "replay", false);
        if (taskId !== void 0 || statusOnly) {
          if (taskId !== void 0 && !/^[A-Za-z0-9_-]{1,128}$/.test(taskId)) {
            throw new InputError(`task-id "${taskId}" is not a task ID: use the task-id output of the push step.`);
          }
          if (paths.length > 1 && taskId === void 0) {
            throw new InputError(`status-only looks up one executor, but path names ${paths.length}: give one folder.`);
          }
          return { registry, token, hubApi, stallTimeoutMs, paths, job: { kind: "status", taskId, folder, verbose, replay, wait: true, timeoutMs } };
        }
        const visibility = parseVisibility(read("visibility"));
        const tags = parseTags(read("tags"), "tags");
        const protectedTags = parseTags(read("protected-tags"), "protected-tags");
        const buildEnv = parseBuildEnv(read("build-env"));
        const forceUpdate = read("force-update").trim() || void 0;
        const secret = read("secret").trim() || void 0;
        if (forceUpdate !== void 0 && !token && !secret) {
          throw new InputError(`force-update "${forceUpdate}" needs the executor's secret or a token: set the secret input, or the token input (or JINA_AUTH_TOKEN).`);
        }
        const dockerfile = parseDockerfile(read("dockerfile").trim(), folder);
        const platform = parsePlatform(read("platform").trim());
        const noCache = parseBoolean(read, "no-cache", false);
        const dryRun = parseBoolean(read, "dry-run", false);
        const gpuDockerfile = parseGpuDockerfile(read("gpu-dockerfile").trim(), folder);
        const parallel = parseParallel(read("parallel").trim());
        const changedOnly = parseBoolean(read, "changed-only", false);
        if (forceUpdate !== void 0 && paths.length > 1) {
          throw new InputError(`force-update names one executor, but path names ${paths.length} folders: give one folder.`);
        }
        return {
          registry,
          token,
          hubApi,
          stallTimeoutMs,
          paths,
          job: {
            kind: "push",
            folder,
            visibility,
            tags,
            protectedTags,
            buildEnv,
            forceUpdate,
            secret,
            dockerfile,
            platform,
            noCache,
            verbose,
            wait,
            timeoutMs,
            dryRun,
            gpuDockerfile,
            parallel,
            changedOnly
          }
        };
      }
      function parseHubApi(value) {
        const v = value.trim().toLowerCase() || "auto";
        if (v !== "auto" && v !== "async" && v !== "push") {
          throw new InputError(`hub-api "${value.trim()}" is not valid: use auto (ask the Hub), async or push.`);
        }
        return v;
      }
      function parseGpuDockerfile(value, folder) {
        if (value === "" || value === "auto")
          return "auto";
        if (value === "none")
          return "none";
        try {
          return parseDockerfile(value, folder);
        } catch {
          throw new InputError(`gpu-dockerfile "${value}" is outside the executor folder: give a path inside it, or none.`);
        }
      }
      function parseParallel(value) {
        if (value === "")
          return 2;
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < 1 || n > 16) {
          throw new InputError(`parallel "${value}" is not a number of executors from 1 to 16: use e.g. 2.`);
        }
        return n;
      }
      function tokenOf(read, env) {
        return read("token").trim() || env.JINA_AUTH_TOKEN?.trim() || "";
      }
      function splitLines(value) {
        return value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
      }
      function parseList(value) {
        const items = value.split(/[\r\n,]+/).map((s) => s.trim()).filter((s) => s.length > 0);
        return [...new Set(items)];
      }
      const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
      function parseTags(value, input) {
        const tags = parseList(value);
        for (const tag of tags) {
          if (!TAG_PATTERN.test(tag)) {
            throw new InputError(`${input}: "${tag}" is not a valid tag: use letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters.`);
          }
        }
        return tags;
      }
      const BUILD_ENV_KEY = /^[A-Z0-9][A-Z0-9_]*$/;
      function parseBuildEnv(value) {
        const env = {};
        splitLines(value).forEach((line, index) => {
          const eq = line.indexOf("=");
          if (eq < 0) {
            throw new InputError(`build-env line ${index + 1} has no '=': write one KEY=VALUE per line.`);
          }
          const key = line.slice(0, eq).trim();
          if (!BUILD_ENV_KEY.test(key)) {
            throw new InputError(`build-env line ${index + 1} does not start with a valid KEY=: keys are upper-case letters, digits and '_', not starting with '_'.`);
          }
          if (key in env) {
            throw new InputError(`build-env key "${key}" is given twice: keep one line per key.`);
          }
          env[key] = line.slice(eq + 1);
        });
        return env;
      }
      function parseVisibility(value) {
        const v = value.trim().toLowerCase() || "public";
        if (v !== "public" && v !== "private") {
          throw new InputError(`visibility "${value.trim()}" is not valid: use public or private.`);
        }
        return v;
      }
      const TRUE_VALUES = ["true", "True", "TRUE"];
      const FALSE_VALUES = ["false", "False", "FALSE"];
      function parseBoolean(read, name, fallback) {
        const value = read(name).trim();
        if (value === "")
          return fallback;
        if (TRUE_VALUES.includes(value))
          return true;
        if (FALSE_VALUES.includes(value))
          return false;
        throw new InputError(`${name} "${value}" is not a boolean: use true or false.`);
      }
      const UNIT_MS = { s: 1e3, m: 6e4, h: 36e5 };
      function parseDuration(value, input) {
        const compact = value.replace(/\s+/g, "").toLowerCase();
        let ms = 0;
        if (/^\d+$/.test(compact)) {
          ms = Number(compact) * 1e3;
        } else if (/^(\d+[hms])+$/.test(compact)) {
          for (const [, amount, unit] of compact.matchAll(/(\d+)([hms])/g)) {
            ms += Number(amount) * UNIT_MS[unit];
          }
        } else {
          ms = NaN;
        }
        if (!Number.isFinite(ms) || ms <= 0) {
          throw new InputError(`${input} "${value}" is not a duration: use e.g. 90s, 30m, 1h or a number of seconds.`);
        }
        return ms;
      }
      const DEFAULT_STALL_TIMEOUT = "120s";
      const MAX_TIMEOUT_MS = 6 * 36e5;
      const MAX_STALL_TIMEOUT_MS = 36e5;
      function parseTimeout(value) {
        const text = value.trim() || "30m";
        const ms = parseDuration(text, "timeout");
        if (ms > MAX_TIMEOUT_MS)
          throw new InputError(`timeout "${text}" is longer than a job may run: use at most 6h, e.g. 30m.`);
        return ms;
      }
      function parseStallTimeout(value) {
        const text = value.trim() || DEFAULT_STALL_TIMEOUT;
        if (/^0+\s*[hms]?$/i.test(text)) {
          throw new InputError(`stall-timeout "${text}" is too short: use at least 1s, e.g. ${DEFAULT_STALL_TIMEOUT}.`);
        }
        const ms = parseDuration(text, "stall-timeout");
        if (ms > MAX_STALL_TIMEOUT_MS)
          throw new InputError(`stall-timeout "${text}" is too long: use at most 1h, e.g. ${DEFAULT_STALL_TIMEOUT}.`);
        return ms;
      }
      function parseRegistry(value) {
        let url;
        try {
          url = new URL(value);
        } catch {
          throw new InputError(`registry "${value}" is not a URL: use e.g. ${DEFAULT_REGISTRY}.`);
        }
        if (url.protocol !== "https:" && url.protocol !== "http:") {
          throw new InputError(`registry "${value}" is not an http(s) URL: use e.g. ${DEFAULT_REGISTRY}.`);
        }
        if (url.search || url.hash || url.username || url.password) {
          throw new InputError(`registry "${value}" must be a plain base URL, without query, fragment or credentials.`);
        }
        return url.toString().replace(/\/+$/, "");
      }
      function isSafeTransport(registry) {
        const url = new URL(registry);
        if (url.protocol === "https:")
          return true;
        const host = url.hostname.replace(/^\[|\]$/g, "");
        return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
      }
      function parseDockerfile(value, folder) {
        if (value === "")
          return void 0;
        const absolute = external_node_path_default().resolve(folder, value);
        const relative = external_node_path_default().relative(folder, absolute);
        if (relative === "" || !isWithin(folder, absolute)) {
          throw new InputError(`dockerfile "${value}" is outside the executor folder ${folder}: give a path inside it.`);
        }
        return relative.split(external_node_path_default().sep).join("/");
      }
      const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
      function parsePlatform(value) {
        if (value === "")
          return void 0;
        const platforms = parseList(value);
        for (const p of platforms) {
          if (!PLATFORM.test(p)) {
            throw new InputError(`platform "${p}" is not an OS/architecture pair: use e.g. linux/amd64,linux/arm64.`);
          }
        }
        return platforms.join(",");
      }
      var external_node_async_hooks_ = __webpack_require__(6698);
      ;
      const MIN_ENCODED = 6;
      function secretForms(value) {
        const forms = /* @__PURE__ */ new Set([value]);
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
        add(JSON.stringify(value).slice(1, -1).replace(/\//g, "\\/"));
        add(uriEncoded(value));
        add(uriEncoded(value)?.replace(/[!'()*]/g, (c) => `%${hex(c)}`));
        add(new URLSearchParams({ v: value }).toString().slice(2));
        const bytes = Buffer.from(value, "utf8");
        for (let shift = 0; shift < 3 && shift < bytes.length; shift++) {
          const rest = bytes.subarray(shift);
          const fixed = Math.floor(rest.length * 8 / 6);
          const b64 = rest.toString("base64").slice(0, fixed);
          add(b64);
          add(b64.replace(/\+/g, "-").replace(/\//g, "_"));
        }
        return [...forms];
      }
      function hex(c) {
        return c.codePointAt(0).toString(16).toUpperCase().padStart(2, "0");
      }
      function uriEncoded(value) {
        try {
          return encodeURIComponent(value);
        } catch {
          return void 0;
        }
      }
      function asciiJson(value) {
        return JSON.stringify(value).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
      }
      ;
      const prefixes = new external_node_async_hooks_.AsyncLocalStorage();
      function withPrefix(name, fn) {
        return prefixes.run(`[${name}] `, fn);
      }
      const secrets = /* @__PURE__ */ new Map();
      let log_forms = [];
      const formOwner = /* @__PURE__ */ new Map();
      function addSecret(value, kind = "credential", label2 = kind === "credential" ? "a credential" : "the executor secret") {
        if (!value)
          return;
        const known = secrets.get(value);
        if (known) {
          if (kind === "executor-secret")
            secrets.set(value, { kind, label: label2 });
          return;
        }
        secrets.set(value, { kind, label: label2 });
        for (const form of secretForms(value))
          if (!formOwner.has(form))
            formOwner.set(form, value);
        log_forms = [...formOwner.keys()].sort((a, b) => b.length - a.length);
        core.Pq(value);
      }
      function addSecretsIn(value, depth = 0) {
        if (depth > 6 || value === null || typeof value !== "object")
          return;
        for (const [key, inner] of Object.entries(value)) {
          if (typeof inner === "string" && /^secret$/i.test(key))
            addSecret(inner, "executor-secret");
          else
            addSecretsIn(inner, depth + 1);
        }
      }
      function scrub(text) {
        let out = text;
        for (const form of log_forms)
          if (out.includes(form))
            out = out.split(form).join("***");
        return out;
      }
      function secretIn(text, allowExecutorSecrets = false) {
        for (const form of log_forms) {
          if (!text.includes(form))
            continue;
          const secret = secrets.get(formOwner.get(form));
          if (allowExecutorSecrets && secret.kind === "executor-secret")
            continue;
          return secret.label;
        }
        return void 0;
      }
      function cut(text, max) {
        const clean = scrub(text);
        if (clean.length <= max)
          return clean;
        let end = Math.max(0, max);
        const last = clean.charCodeAt(end - 1);
        if (last >= 55296 && last <= 56319)
          end--;
        return `${clean.slice(0, end)}...`;
      }
      const ZERO_WIDTH_SPACE = "\u200B";
      const LEADING_COMMAND = /^[\s\u0085]*::/u;
      function neutralizeLine(line) {
        let out = line.split("##[").join(`##${ZERO_WIDTH_SPACE}[`);
        if (LEADING_COMMAND.test(out))
          out = ZERO_WIDTH_SPACE + out;
        return out;
      }
      function linesOf(text) {
        return text.split(/\r\n|\r|\n/);
      }
      function safeLines(text) {
        const prefix = prefixes.getStore() ?? "";
        return linesOf(scrub(text)).map((line) => neutralizeLine(prefix + line));
      }
      function safeData(text) {
        return safeLines(text).join("\n");
      }
      const MAX_ANNOTATION = 4e3;
      const ANNOTATION_CUT_NOTE = " [cut: the full text is in the step log]";
      function bounded(safe, max, note = ANNOTATION_CUT_NOTE) {
        return safe.length > max ? `${cut(safe, max - note.length - 3)}${note}` : safe;
      }
      function info(text) {
        for (const line of safeLines(text))
          core.pq(line);
      }
      function debug(text) {
        for (const line of safeLines(text))
          core.Yz(line);
      }
      function safeProps(props) {
        if (!props)
          return props;
        const out = { ...props };
        if (props.title !== void 0)
          out.title = bounded(safeData(props.title).replace(/\n/g, " "), 200, "");
        if (props.file !== void 0)
          out.file = scrub(props.file);
        return out;
      }
      function annotationMessage(text) {
        const safe = safeData(text);
        if (safe.length > MAX_ANNOTATION)
          info(text);
        return bounded(safe, MAX_ANNOTATION);
      }
      function log_warning(text, props) {
        core.$e(annotationMessage(text), safeProps(props));
      }
      function error(text, props) {
        core.z3(annotationMessage(text), safeProps(props));
      }
      function fail(text) {
        closeOpenGroup();
        const safe = linesOf(scrub(text)).map(neutralizeLine).join("\n");
        if (safe.length > MAX_ANNOTATION)
          for (const line of linesOf(safe))
            core.pq(line);
        core.C1(bounded(safe, MAX_ANNOTATION));
      }
      let openGroup;
      function closeOpenGroup() {
        if (openGroup === void 0)
          return;
        openGroup = void 0;
        core.N4();
      }
      async function group(title, fn) {
        if (prefixes.getStore()) {
          info(title);
          return fn();
        }
        closeOpenGroup();
        const mine = Symbol(title);
        core.Oh(bounded(safeData(title).replace(/\n/g, " "), 500, ""));
        openGroup = mine;
        try {
          return await fn();
        } finally {
          if (openGroup === mine)
            closeOpenGroup();
        }
      }
      const DRAIN_WAIT_MS = 6e4;
      function drained(stream = process.stdout) {
        if (!stream.writableNeedDrain)
          return Promise.resolve();
        return new Promise((resolve) => {
          const done = () => {
            clearTimeout(timer);
            stream.off("drain", done);
            stream.off("close", done);
            stream.off("error", done);
            resolve();
          };
          const timer = setTimeout(done, DRAIN_WAIT_MS);
          timer.unref?.();
          stream.once("drain", done);
          stream.once("close", done);
          stream.once("error", done);
        });
      }
      var external_node_string_decoder_ = __webpack_require__(6193);
      ;
      const MAX_LINE_BYTES = 1 << 20;
      async function* readLines(body, maxLineBytes = MAX_LINE_BYTES) {
        const decoder = new external_node_string_decoder_.StringDecoder("utf8");
        let pending = "";
        for await (const chunk of body) {
          pending += typeof chunk === "string" ? chunk : decoder.write(chunk);
          let newline = pending.indexOf("\n");
          while (newline >= 0) {
            const line = pending.slice(0, newline).replace(/\r$/, "");
            pending = pending.slice(newline + 1);
            if (Buffer.byteLength(line) > maxLineBytes)
              throw tooLong(maxLineBytes);
            if (line.trim())
              yield line;
            newline = pending.indexOf("\n");
          }
          if (Buffer.byteLength(pending) > maxLineBytes)
            throw tooLong(maxLineBytes);
        }
        pending += decoder.end();
        if (pending.trim())
          yield pending.replace(/\r$/, "");
      }
      function tooLong(maxLineBytes) {
        return new ProtocolError(`the Hub sent a line longer than ${Math.round(maxLineBytes / 1024)} KiB, which is not what its API sends`);
      }
      function tryParseObject(line) {
        try {
          const value = JSON.parse(line);
          return value !== null && typeof value === "object" && !Array.isArray(value) ? value : void 0;
        } catch {
          return void 0;
        }
      }
      async function* readJsonItems(body, maxBytes = MAX_LINE_BYTES) {
        let pending;
        let depth = 0;
        let bytes = 0;
        for await (const line of readLines(body, maxBytes)) {
          const alone = /^\{/.test(line) ? tryParseObject(line) : void 0;
          if (pending === void 0) {
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
            yield { text: pending.join("\n") };
            pending = void 0;
            yield { text: line, obj: alone };
            continue;
          }
          pending.push(line);
          depth += nesting(line);
          bytes += Buffer.byteLength(line) + 1;
          if (bytes > maxBytes)
            throw tooLong(maxBytes);
          if (depth <= 0) {
            const text = pending.join("\n");
            pending = void 0;
            yield { text, obj: tryParseObject(text) };
          }
        }
        if (pending !== void 0)
          yield { text: pending.join("\n") };
      }
      function nesting(line) {
        let depth = 0;
        let inString = false;
        for (let i = 0; i < line.length; i++) {
          const c = line[i];
          if (inString) {
            if (c === "\\")
              i++;
            else if (c === '"')
              inString = false;
          } else if (c === '"')
            inString = true;
          else if (c === "{" || c === "[")
            depth++;
          else if (c === "}" || c === "]")
            depth--;
        }
        return depth;
      }
      ;
      function proxyFor(url, env = process.env) {
        if (bypassesProxy(url, env))
          return void 0;
        const value = url.protocol === "https:" ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
        if (!value)
          return void 0;
        if (/^https?:\/\//i.test(value))
          return parsed(value);
        return parsed(`http://${value}`);
      }
      function parsed(value) {
        try {
          return new URL(value);
        } catch {
          return void 0;
        }
      }
      function bypassesProxy(url, env = process.env) {
        const host = url.hostname.toUpperCase();
        if (!host)
          return false;
        if (isLoopback(host))
          return true;
        const list = env.no_proxy || env.NO_PROXY || "";
        if (!list)
          return false;
        const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : url.protocol === "http:" ? 80 : void 0;
        const names = port === void 0 ? [host] : [host, `${host}:${port}`];
        for (const entry of list.split(",").map((e) => e.trim().toUpperCase())) {
          if (!entry)
            continue;
          if (entry === "*")
            return true;
          for (const name of names) {
            if (name === entry || name.endsWith(`.${entry}`) || entry.startsWith(".") && name.endsWith(entry))
              return true;
          }
        }
        return false;
      }
      function isLoopback(upperHost) {
        return upperHost === "LOCALHOST" || upperHost.startsWith("127.") || upperHost.startsWith("[::1]") || upperHost.startsWith("[0:0:0:0:0:0:0:1]");
      }
      function describeProxy(proxy) {
        return `${proxy.protocol}//${proxy.host}`;
      }
      ;
      const USER_AGENT = "jina-hub-push-action/1.0.0";
      const DEFAULT_STALL_TIMEOUT_MS = 12e4;
      const MAX_CONNECT_TIMEOUT_MS = 3e4;
      const MAX_REDIRECTS = 3;
      const REDIRECTS = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
      const MAX_ERROR_BODY_BYTES = 64 * 1024;
      const UPLOAD_RETRIES = { attempts: 5, baseMs: 1e3, maxMs: 3e4, maxRetryAfterMs: 12e4 };
      const RETRYABLE_NETWORK = /* @__PURE__ */ new Set([
        "ECONNREFUSED",
        "ECONNRESET",
        "EPIPE",
        "ETIMEDOUT",
        "ENOTFOUND",
        "EAI_AGAIN",
        "ENETUNREACH",
        "EHOSTUNREACH",
        "UND_ERR_SOCKET",
        "UND_ERR_CONNECT_TIMEOUT",
        "UND_ERR_HEADERS_TIMEOUT",
        "UND_ERR_BODY_TIMEOUT",
        "UND_ERR_CLOSED"
      ]);
      const NOT_CONNECTED = /* @__PURE__ */ new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);
      const NOT_TAKEN_HTTP = /* @__PURE__ */ new Set([408, 429]);
      const deliveries = /* @__PURE__ */ new WeakMap();
      function noteDelivery(err, bodyComplete) {
        if (err !== null && typeof err === "object")
          deliveries.set(err, { bodyComplete });
        return err;
      }
      function hubMayHaveActed(err) {
        const code = codeOf(err);
        if (code !== void 0 && NOT_CONNECTED.has(code))
          return false;
        if (err instanceof HubError && err.details.httpStatus !== void 0 && NOT_TAKEN_HTTP.has(err.details.httpStatus))
          return false;
        const delivery = err !== null && typeof err === "object" ? deliveries.get(err) : void 0;
        if (delivery && !delivery.bodyComplete)
          return false;
        return true;
      }
      function isNetworkError(err) {
        if (err instanceof StallError)
          return true;
        let e = err;
        for (let depth = 0; e && depth < 4; depth++) {
          const code = e.code;
          if (typeof code === "string" && RETRYABLE_NETWORK.has(code))
            return true;
          e = e.cause;
        }
        return false;
      }
      function isRetryable(err) {
        if (err instanceof HubError)
          return err.details.retryable;
        return isNetworkError(err);
      }
      const NETWORK_WORDS = {
        ECONNREFUSED: "connection refused",
        ECONNRESET: "connection reset",
        EPIPE: "connection closed while sending",
        ETIMEDOUT: "connection timed out",
        ENOTFOUND: "host name not found",
        EAI_AGAIN: "name lookup failed for now",
        ENETUNREACH: "network unreachable",
        EHOSTUNREACH: "host unreachable",
        UND_ERR_SOCKET: "connection broken",
        UND_ERR_CONNECT_TIMEOUT: "connect timed out",
        UND_ERR_HEADERS_TIMEOUT: "no answer in time",
        UND_ERR_BODY_TIMEOUT: "the answer stalled",
        UND_ERR_CLOSED: "connection closed"
      };
      function describeNetworkError(err) {
        if (err instanceof StallError)
          return err.message;
        const e = err;
        const code = e?.cause?.code ?? e?.code;
        if (code)
          return NETWORK_WORDS[code] ? `${NETWORK_WORDS[code]} (${code})` : code;
        return e?.cause?.message ?? e?.message ?? String(err);
      }
      function parseRetryAfter(value, now = Date.now()) {
        const v = Array.isArray(value) ? value[0] : value;
        if (!v)
          return void 0;
        if (/^\d+$/.test(v.trim()))
          return Number(v.trim()) * 1e3;
        const date = Date.parse(v);
        return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
      }
      function backoffMs(attempt, policy, random = Math.random) {
        const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
        return Math.round(ceiling * (0.5 + random() / 2));
      }
      class HubHttp {
        registry;
        token;
        sessionId = (0, external_node_crypto_.randomUUID)();
        /** An upload or answer that makes no progress for this long is aborted (and may be tried again). */
        stallTimeoutMs;
        direct;
        /** One ProxyAgent per proxy address, made when first needed. */
        proxies = /* @__PURE__ */ new Map();
        env;
        origin;
        constructor(registry, token, options = {}) {
          this.registry = registry;
          this.token = token;
          this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
          this.origin = new URL(registry).origin;
          this.env = options.env ?? process.env;
          this.direct = new undici.g6({
            connect: { timeout: this.connectTimeoutMs },
            headersTimeout: this.stallTimeoutMs,
            bodyTimeout: this.stallTimeoutMs,
            keepAliveTimeout: 4e3
          });
        }
        /** Whether requests to the registry carry a token (then a lost answer can be looked up among the build tasks). */
        get hasToken() {
          return Boolean(this.token);
        }
        get connectTimeoutMs() {
          return Math.min(MAX_CONNECT_TIMEOUT_MS, this.stallTimeoutMs);
        }
        /** Straight to `url`, or through the proxy the environment names for it (as @actions/http-client chooses). */
        dispatcherFor(url) {
          const proxy = proxyFor(url, this.env);
          if (!proxy)
            return this.direct;
          let agent = this.proxies.get(proxy.href);
          if (!agent) {
            const connect = { timeout: this.connectTimeoutMs };
            agent = new undici.kT({
              uri: proxy.href,
              proxyTls: connect,
              requestTls: connect,
              headersTimeout: this.stallTimeoutMs,
              bodyTimeout: this.stallTimeoutMs,
              keepAliveTimeout: 4e3,
              // The CONNECT to the proxy is bounded like any other answer.
              clientFactory: (origin, opts) => new undici.bC(origin, { ...opts, headersTimeout: this.stallTimeoutMs, bodyTimeout: this.stallTimeoutMs })
            });
            this.proxies.set(proxy.href, agent);
            info(`requests to ${url.origin} go through the proxy ${describeProxy(proxy)} (https_proxy / http_proxy; no_proxy names what goes direct)`);
          }
          return agent;
        }
        /**
         * One POST to `{registry}/v2/rpc/{method}`. Non-2xx answers become a HubError. 307 and 308 are
         * followed (at most MAX_REDIRECTS hops) with the same method and a fresh body from `body`;
         * the token is only ever sent to the registry's own origin.
         */
        async call(method, body, options) {
          const nextBody = bodyFactory(body);
          let url = new URL(`${this.registry}/v2/rpc/${method}`);
          for (let hop = 0; ; hop++) {
            const { response, bodyComplete } = await this.send(method, url, nextBody(), options);
            const status = response.statusCode;
            if (status >= 200 && status < 300)
              return response;
            if (REDIRECTS.has(status)) {
              await readCapped(response.body, MAX_ERROR_BODY_BYTES, this.stallTimeoutMs);
              url = this.redirectTarget(method, url, status, response.headers.location, hop, options);
              continue;
            }
            const text = await readCapped(response.body, MAX_ERROR_BODY_BYTES, this.stallTimeoutMs);
            addSecretsIn(tryParseObject(text));
            const parsed2 = parseErrorBody(text);
            throw noteDelivery(new HubError(describeHubError({ httpStatus: status, status: parsed2.status, hubMessage: parsed2.hubMessage }, options.context, this.sessionId), {
              httpStatus: status,
              status: parsed2.status,
              hubMessage: parsed2.hubMessage,
              retryable: RETRYABLE_HTTP.has(status),
              retryAfterMs: parseRetryAfter(response.headers["retry-after"])
            }), bodyComplete);
          }
        }
        dispatchers() {
          return [this.direct, ...this.proxies.values()];
        }
        async close() {
          await Promise.all(this.dispatchers().map((d) => d.close().catch(() => void 0)));
        }
        /** Ends every request in flight at once (on cancellation), instead of waiting for them. */
        async destroy() {
          await Promise.all(this.dispatchers().map((d) => d.destroy().catch(() => void 0)));
        }
        /**
         * One request, watched: a streamed body that is not taken for the stall timeout aborts it. Says
         * whether the whole body had been handed over when the answer came; a failure carries the same
         * (see hubMayHaveActed).
         */
        async send(method, url, body, options) {
          const headers = {
            "content-type": body.contentType,
            "content-length": String(body.contentLength),
            "jinameta-session-id": this.sessionId,
            "user-agent": USER_AGENT,
            accept: "application/json, application/x-ndjson, */*"
          };
          if (this.token && url.origin === this.origin)
            headers.authorization = `token ${this.token}`;
          if (options.idempotencyKey)
            headers["idempotency-key"] = options.idempotencyKey;
          const watchdog = new Watchdog(this.stallTimeoutMs, `the upload made no progress for ${formatWait(this.stallTimeoutMs)}`);
          const signal = options.signal ? AbortSignal.any([options.signal, watchdog.signal]) : watchdog.signal;
          const inMemory = typeof body.body === "string" || Buffer.isBuffer(body.body);
          const payload = typeof body.body === "string" || Buffer.isBuffer(body.body) ? body.body : (
            // Handed to undici as an async iterable, not a stream: undici asks for the next chunk only once
            // the socket has taken this one (drained), so "taken" means sent, and the file's buffers can be
            // reused (see fileChunks in form.ts). A Readable here would read ahead and hold chunks itself.
            // (undici takes any async iterable, core/request.js isIterable; its types name only Readable.)
            watchdog.watch(body.body, body.contentLength, options.onBodyProgress)
          );
          const bodyComplete = () => inMemory || watchdog.sent >= body.contentLength;
          try {
            const response = await (0, undici.Em)(url, { method: "POST", headers, body: payload, signal, dispatcher: this.dispatcherFor(url) });
            if (inMemory)
              options.onBodyProgress?.(body.contentLength, body.contentLength);
            return { response, bodyComplete: bodyComplete() };
          } catch (err) {
            if (watchdog.error)
              throw noteDelivery(watchdog.error, bodyComplete());
            if (codeOf(err) === "UND_ERR_HEADERS_TIMEOUT") {
              throw noteDelivery(new StallError(`the Hub sent no answer to ${method} for ${formatWait(this.stallTimeoutMs)}`, { cause: err }), bodyComplete());
            }
            throw noteDelivery(err, bodyComplete());
          } finally {
            watchdog.stop();
          }
        }
        /** Where a 3xx answer points, if it may be followed; otherwise a HubError that says what to do. */
        redirectTarget(method, from, status, location, hop, options) {
          const refuse = (sentence) => new HubError(`${sentence} (session ${this.sessionId})`, { httpStatus: status, retryable: false });
          const raw = Array.isArray(location) ? location[0] : location;
          let target;
          try {
            target = raw ? new URL(raw, from) : void 0;
          } catch {
            target = void 0;
          }
          const answered = `the Hub answered ${method} with HTTP ${status} ${external_node_http_.STATUS_CODES[status] ?? ""}`.trimEnd();
          if (!target || target.protocol !== "https:" && target.protocol !== "http:") {
            throw refuse(`${answered} but no http(s) Location to follow${raw ? ` (${raw})` : ""}: check the registry input`);
          }
          if (status !== 307 && status !== 308) {
            const base = registryBaseOf(target, method);
            throw refuse(`${answered} to ${target.href}, which would turn the upload into a GET: set the registry input to ${base}`);
          }
          if (hop >= MAX_REDIRECTS) {
            throw refuse(`the Hub redirected ${method} more than ${MAX_REDIRECTS} times (last to ${target.href}): set the registry input to the Hub's final address`);
          }
          if (options.carriesSecret && target.origin !== this.origin) {
            throw refuse(`the Hub redirected ${method} to ${target.origin}, another origin, and this upload carries the executor's secret or build-env values, which are only sent to the registry: not followed; if that is the Hub, set the registry input to ${registryBaseOf(target, method)}`);
          }
          if ((this.token || options.carriesSecret) && !isSafeTransport(target.href)) {
            throw refuse(`the Hub redirected ${method} to ${target.href}, plain http:// to a remote host, which would send the token or secret in clear text: not followed; use an https:// registry`);
          }
          if (target.origin !== from.origin) {
            info(`the Hub redirected ${method} to ${target.origin}${target.origin === this.origin ? "" : " (another origin: the token is not sent there)"}`);
          } else {
            debug(`the Hub redirected ${method} to ${target.href} (HTTP ${status})`);
          }
          return target;
        }
      }
      class Watchdog {
        ms;
        message;
        controller = new AbortController();
        timer;
        stopped = false;
        error;
        /** Bytes of the streamed body taken so far. */
        sent = 0;
        constructor(ms, message) {
          this.ms = ms;
          this.message = message;
        }
        get signal() {
          return this.controller.signal;
        }
        /** The body, passed through: each chunk taken restarts the clock and is reported to `onProgress`. */
        async *watch(source, total, onProgress) {
          this.arm();
          try {
            for await (const chunk of source) {
              yield chunk;
              this.sent += chunk.length;
              this.arm();
              onProgress?.(this.sent, total);
            }
          } finally {
            this.disarm();
          }
        }
        stop() {
          this.stopped = true;
          this.disarm();
        }
        arm() {
          this.disarm();
          if (this.stopped)
            return;
          this.timer = setTimeout(() => {
            this.timer = void 0;
            this.error = new StallError(this.message);
            this.controller.abort(this.error);
          }, this.ms);
        }
        disarm() {
          if (this.timer)
            clearTimeout(this.timer);
          this.timer = void 0;
        }
      }
      function bodyFactory(body) {
        if (typeof body === "function")
          return body;
        let used = false;
        return () => {
          if (used && typeof body.body !== "string" && !Buffer.isBuffer(body.body)) {
            throw new Error("a streamed request body cannot be sent twice: pass a body factory to call()");
          }
          used = true;
          return body;
        };
      }
      function registryBaseOf(target, method) {
        const suffix = `/v2/rpc/${method}`;
        const path = target.pathname.endsWith(suffix) ? target.pathname.slice(0, -suffix.length) : target.pathname;
        return `${target.origin}${path}`.replace(/\/+$/, "");
      }
      function codeOf(err) {
        let e = err;
        for (let depth = 0; e && depth < 4; depth++) {
          const code = e.code;
          if (typeof code === "string")
            return code;
          e = e.cause;
        }
        return void 0;
      }
      function formatWait(ms) {
        if (ms >= 6e4 && ms % 6e4 === 0)
          return `${ms / 6e4}m`;
        if (ms % 1e3 === 0)
          return `${ms / 1e3}s`;
        return `${(ms / 1e3).toFixed(1)}s`;
      }
      async function withRetries(policy, attempt, onRetry, signal) {
        for (let n = 1; ; n++) {
          try {
            return await attempt(n);
          } catch (err) {
            if (n >= policy.attempts || !isRetryable(err) || signal?.aborted)
              throw err;
            const waitMs = retryWaitMs(err, n, policy);
            onRetry({ attempt: n + 1, of: policy.attempts, waitMs, reason: describeFailure(err) });
            await (0, promises_.setTimeout)(waitMs, void 0, { signal });
          }
        }
      }
      function retryWaitMs(err, n, policy) {
        const hinted = err instanceof HubError ? err.details.retryAfterMs : void 0;
        return hinted !== void 0 ? Math.min(hinted, policy.maxRetryAfterMs) : backoffMs(n, policy);
      }
      function describeFailure(err) {
        return err instanceof HubError ? describeHttpFailure(err) : describeNetworkError(err);
      }
      function describeHttpFailure(err) {
        const status = err.details.httpStatus;
        const head = status === void 0 ? "HTTP error" : `HTTP ${status} ${external_node_http_.STATUS_CODES[status] ?? ""}`.trimEnd();
        return err.details.hubMessage ? `${head}: ${err.details.hubMessage}` : head;
      }
      async function readCapped(body, limit, timeMs) {
        const chunks = [];
        let size = 0;
        const timer = timeMs === void 0 ? void 0 : setTimeout(() => body.destroy?.(new StallError("the answer took too long")), timeMs);
        try {
          for await (const chunk of body) {
            chunks.push(chunk.subarray(0, limit - size));
            size += chunk.length;
            if (size >= limit)
              break;
          }
        } catch {
        } finally {
          clearTimeout(timer);
        }
        return Buffer.concat(chunks).toString("utf8");
      }
      var exec = __webpack_require__(1260);
      ;
      const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
      function baseCommitOf(ctx) {
        let sha;
        if (ctx.eventName === "pull_request" || ctx.eventName === "pull_request_target") {
          const pr = ctx.payload.pull_request;
          const base = isRecord(pr) ? pr.base : void 0;
          sha = isRecord(base) ? base.sha : void 0;
        } else if (ctx.eventName === "push") {
          sha = ctx.payload.before;
        }
        if (typeof sha !== "string" || !SHA.test(sha) || /^0+$/.test(sha))
          return void 0;
        return sha;
      }
      async function changedFolders(folders, base, options) {
        const git = gitRunner(options.cwd, options.exec ?? exec.H);
        if (base === "" || base.startsWith("-")) {
          throw new InputError(`changed-only base "${base}" is not a commit: give a commit SHA.`);
        }
        const top = await git(["rev-parse", "--show-toplevel"]);
        if (top.exitCode !== 0) {
          if (/not a git repository/i.test(top.stderr)) {
            throw new InputError(`changed-only needs a git repository, and ${options.cwd} is not in one: check the repository out with actions/checkout first.`);
          }
          throw new Error(`git rev-parse --show-toplevel failed in ${options.cwd}: ${firstLine(top.stderr)}`);
        }
        const root = await real(top.stdout.trim());
        const missing = `changed-only needs the base commit ${base}, which this clone does not have: give actions/checkout fetch-depth: 0.`;
        if ((await git(["cat-file", "-e", `${base}^{commit}`])).exitCode !== 0)
          throw new InputError(missing);
        const mergeBase = await git(["merge-base", base, "HEAD"]);
        let from = mergeBase.stdout.trim();
        if (mergeBase.exitCode !== 0 || from === "") {
          const shallow = await git(["rev-parse", "--is-shallow-repository"]);
          if (shallow.stdout.trim() === "true")
            throw new InputError(missing);
          from = base;
        }
        const diff = await git(["diff", "--name-only", "--no-renames", "-z", from, "HEAD", "--"]);
        if (diff.exitCode !== 0)
          throw new Error(`git diff ${from} HEAD failed: ${firstLine(diff.stderr)}`);
        const changed2 = diff.stdout.split("\0").filter((f) => f.length > 0);
        const result = [];
        for (const folder of folders) {
          const rel = external_node_path_default().relative(root, await real(folder));
          if (rel === ".." || rel.startsWith(`..${external_node_path_default().sep}`) || external_node_path_default().isAbsolute(rel)) {
            throw new InputError(`changed-only: folder ${folder} is outside the git repository ${root}: set path to folders inside it.`);
          }
          const prefix = rel.split(external_node_path_default().sep).join("/");
          if (changed2.some((file) => prefix === "" || file === prefix || file.startsWith(`${prefix}/`)))
            result.push(folder);
        }
        return result;
      }
      function gitRunner(cwd, exec2) {
        return async (args) => {
          try {
            return await exec2("git", args, { cwd, silent: true, ignoreReturnCode: true });
          } catch (err) {
            throw new InputError(`changed-only needs git in ${cwd}, and it could not run: ${firstLine(String(err)).replace(/\.$/, "")}.`);
          }
        };
      }
      async function real(file) {
        return external_node_fs_.promises.realpath(file).catch(() => external_node_path_default().resolve(file));
      }
      function firstLine(text) {
        return text.trim().split("\n")[0] ?? "";
      }
      function isRecord(value) {
        return typeof value === "object" && value !== null && !Array.isArray(value);
      }
      var picomatch = __webpack_require__(4006);
      var picomatch_default = /* @__PURE__ */ __webpack_require__.n(picomatch);
      var dist = __webpack_require__(8815);
      ;
      const OPEN_WITHOUT_BLOCKING = external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NONBLOCK ?? 0);
      async function readRegularText(file) {
        let handle;
        try {
          handle = await external_node_fs_.promises.open(file, OPEN_WITHOUT_BLOCKING);
        } catch (err) {
          const code = err.code;
          if (code === "ENOENT" || code === "ENOTDIR" || code === "ENXIO" || code === "EISDIR" || code === "ELOOP")
            return void 0;
          throw err;
        }
        try {
          if (!(await handle.stat()).isFile())
            return void 0;
          return await handle.readFile("utf8");
        } finally {
          await handle.close();
        }
      }
      ;
      async function readExecutorFolder(folder, options = {}) {
        const stat = await external_node_fs_.promises.stat(folder).catch(() => void 0);
        if (!stat)
          throw new InputError(`path "${folder}" does not exist: set path to the executor folder.`);
        if (!stat.isDirectory())
          throw new InputError(`path "${folder}" is not a folder: set path to the executor folder.`);
        const found = await readName(folder, options);
        const requirements = await readRegularText(external_node_path_default().join(folder, "requirements.txt"));
        return { ...found, ...envReferences(requirements ?? "") };
      }
      const CONFIG = "config.yml";
      const MANIFEST = "manifest.yml";
      async function readName(folder, options) {
        const config = await readRegularText(external_node_path_default().join(folder, CONFIG));
        const configYaml = config === void 0 ? void 0 : parseYaml(config, CONFIG);
        const manifest = await readRegularText(external_node_path_default().join(folder, MANIFEST));
        const manifestName = manifest === void 0 ? void 0 : nameAt(parseYaml(manifest, MANIFEST), ["name"]);
        const fromConfig = configYaml === void 0 ? void 0 : nameAt(configYaml, ["metas", "name"]);
        if (fromConfig !== void 0) {
          const source = `${CONFIG} metas.name`;
          const warnings = nameWarnings(fromConfig, source);
          if (manifestName !== void 0 && manifestName !== fromConfig) {
            warnings.push(`the executor is published as "${fromConfig}" (from ${source}), while ${MANIFEST} names it "${manifestName}": jina hub push also goes by metas.name, which is often the name of the executor at run time; if "${manifestName}" is meant, set metas.name: ${manifestName} in ${CONFIG}.`);
          }
          return { name: fromConfig, nameSource: source, nameWarnings: warnings };
        }
        if (manifestName !== void 0) {
          const source = `${MANIFEST} name`;
          return { name: manifestName, nameSource: source, nameWarnings: nameWarnings(manifestName, source) };
        }
        if (options.nameless !== void 0)
          return { name: options.nameless, nameSource: "force-update", nameWarnings: [] };
        if (config === void 0 && manifest === void 0) {
          const below = await globBelow(folder);
          if (below) {
            throw new InputError(`${folder} holds no executor (no ${CONFIG} or ${MANIFEST}), but folders below it do: set path: ${below} to publish each of them.`);
          }
        }
        throw new InputError(`no executor name in ${folder}: set metas.name in ${CONFIG} (or name in ${MANIFEST}), or push with force-update and the executor's secret.`);
      }
      function nameWarnings(name, source) {
        const warnings = [];
        if (/\$\{\{?/.test(name)) {
          warnings.push(`the executor name "${name}" (${source}) is an expression that Jina resolves when the executor runs; the Hub gets it as written: give the name itself.`);
        } else if (/[\s/\\:]/.test(name)) {
          warnings.push(`the executor name "${name}" (${source}) holds a space, '/', '\\' or ':': the Hub may refuse it.`);
        }
        return warnings;
      }
      async function globBelow(folder) {
        const label2 = (external_node_path_default().relative(process.cwd(), folder) || ".").split(external_node_path_default().sep).join("/");
        const prefix = label2 === "." ? "" : `${label2}/`;
        const children = await subfolders(folder);
        if ((await Promise.all(children.map(isExecutorFolder))).some(Boolean))
          return `${prefix}*`;
        for (const child of children) {
          const grandchildren = await subfolders(child);
          if ((await Promise.all(grandchildren.map(isExecutorFolder))).some(Boolean))
            return `${prefix}*/*`;
        }
        return void 0;
      }
      async function subfolders(dir) {
        const entries = await external_node_fs_.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
        return entries.filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules").map((e) => external_node_path_default().join(dir, e.name));
      }
      async function isExecutorFolder(dir) {
        for (const name of [CONFIG, MANIFEST]) {
          if ((await external_node_fs_.promises.stat(external_node_path_default().join(dir, name)).catch(() => void 0))?.isFile())
            return true;
        }
        return false;
      }
      function parseYaml(text, file) {
        const doc = dist.parseDocument(text, { logLevel: "silent", strict: false, uniqueKeys: false });
        const fatal = doc.errors[0];
        if (fatal)
          throw new InputError(`${file} is not valid YAML: ${fatal.message.split("\n")[0]}`);
        return doc.toJS({ maxAliasCount: 100 });
      }
      function nameAt(value, keys) {
        let node = value;
        for (const key of keys) {
          if (node === null || typeof node !== "object")
            return void 0;
          node = node[key];
        }
        if (typeof node === "string" && node.trim())
          return node.trim();
        if (typeof node === "number" && node !== 0)
          return String(node);
        return void 0;
      }
      function envReferences(text) {
        const required = /* @__PURE__ */ new Set();
        const invalid = /* @__PURE__ */ new Set();
        const bare = /* @__PURE__ */ new Set();
        for (const rawLine of text.split("\n")) {
          const line = rawLine.trim();
          if (line === "" || line.startsWith("#"))
            continue;
          let i = line.indexOf("$");
          while (i !== -1) {
            if (line[i + 1] === "{") {
              let j = i + 2;
              while (j < line.length && line[j] !== "}" && line[j] !== "$" && !/\s/.test(line[j]))
                j++;
              if (line[j] === "}") {
                const key = line.slice(i + 2, j);
                (/^[A-Z0-9_]+$/.test(key) ? required : invalid).add(key);
                j++;
              }
              i = line.indexOf("$", j);
              continue;
            }
            if (line[i - 1] !== "$") {
              const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i + 1, i + 257));
              if (m)
                bare.add(m[0]);
            }
            i = line.indexOf("$", i + 1);
          }
        }
        return { requiredEnv: [...required], bareEnv: [...bare], invalidEnv: [...invalid] };
      }
      function missingEnv(required, buildEnv) {
        return required.filter((key) => !(key in buildEnv));
      }
      async function checkDockerfile(folder, dockerfile, input = "dockerfile") {
        if (dockerfile.includes("/")) {
          throw new InputError(`${input} "${dockerfile}" is in a subfolder of ${folder}: the Hub builds only a Dockerfile that lies directly in the executor folder (as jina hub push requires), so move it there.`);
        }
        const stat = await external_node_fs_.promises.stat(external_node_path_default().join(folder, dockerfile)).catch(() => void 0);
        if (!stat)
          throw new InputError(`${input} "${dockerfile}" does not exist in ${folder}: check the ${input} input.`);
        if (!stat.isFile())
          throw new InputError(`${input} "${dockerfile}" is not a file: check the ${input} input.`);
      }
      ;
      const SKIPPED = /* @__PURE__ */ new Set([".git", "node_modules"]);
      async function resolveFolders(patterns, cwd) {
        const found = /* @__PURE__ */ new Set();
        let excluded = false;
        for (const raw of patterns) {
          const line = raw.trim();
          if (line === "")
            continue;
          if (line.startsWith("!")) {
            excluded = true;
            const exclusion = matcherOf(line.slice(1).trim(), cwd);
            for (const dir of found)
              if (exclusion(dir))
                found.delete(dir);
            continue;
          }
          const scan = picomatch_default().scan(line);
          if (!scan.isGlob) {
            found.add(external_node_path_default().resolve(cwd, line));
            continue;
          }
          const executors = await expand(line, cwd);
          if (executors.length === 0) {
            throw new InputError(`path pattern "${line}" matches no executor folder (one holding config.yml or manifest.yml): check the path input.`);
          }
          for (const dir of executors)
            found.add(dir);
        }
        if (excluded && found.size === 0) {
          throw new InputError(`the exclusions (!) of path leave no executor folder: check the path input.`);
        }
        return [...found].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      }
      function matcherOf(pattern, cwd) {
        const scan = picomatch_default().scan(pattern);
        const base = external_node_path_default().resolve(cwd, scan.base || ".");
        if (!scan.isGlob)
          return (dir) => dir === base || dir.startsWith(`${base}${external_node_path_default().sep}`);
        const glob = scan.glob.replace(/\/+$/, "");
        const isMatch = picomatch_default()([glob, `${glob}/**`], { dot: true });
        return (dir) => {
          const rel = external_node_path_default().relative(base, dir);
          return rel !== "" && !rel.startsWith("..") && !external_node_path_default().isAbsolute(rel) && isMatch(rel.split(external_node_path_default().sep).join("/"));
        };
      }
      async function expand(pattern, cwd) {
        const scan = picomatch_default().scan(pattern);
        const base = external_node_path_default().resolve(cwd, scan.base || ".");
        const glob = scan.glob.replace(/\/+$/, "");
        const isMatch = picomatch_default()(glob, { dot: false });
        const globstar = glob.includes("**");
        const depth = globstar ? Infinity : glob.split("/").length;
        const hidden = glob.split("/").some((segment) => segment.startsWith("."));
        const matches = [];
        async function walk(dir, rel, level) {
          if (level >= depth)
            return;
          const entries = await external_node_fs_.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
          for (const entry of entries) {
            if (SKIPPED.has(entry.name) || entry.name.startsWith(".") && !hidden)
              continue;
            const full = external_node_path_default().join(dir, entry.name);
            const name = rel === "" ? entry.name : `${rel}/${entry.name}`;
            const isDir = entry.isDirectory() || !globstar && entry.isSymbolicLink() && await isDirectory(full);
            if (!isDir)
              continue;
            if (isMatch(name) && await isExecutorFolder(full))
              matches.push(full);
            await walk(full, name, level + 1);
          }
        }
        if (glob === "**" && await isExecutorFolder(base))
          matches.push(base);
        await walk(base, "", 0);
        return matches;
      }
      async function isDirectory(file) {
        return (await external_node_fs_.promises.stat(file).catch(() => void 0))?.isDirectory() ?? false;
      }
      async function checkDistinctNames(folders, cwd, nameless) {
        const byName = /* @__PURE__ */ new Map();
        for (const folder of folders) {
          const read = await readExecutorFolder(folder, { nameless }).catch(() => void 0);
          if (!read)
            continue;
          const label2 = `${external_node_path_default().relative(cwd, folder) || "."} (${read.nameSource})`;
          byName.set(read.name, [...byName.get(read.name) ?? [], label2]);
        }
        const clashes = [...byName].filter(([, list]) => list.length > 1);
        if (clashes.length === 0)
          return;
        const said = clashes.map(([name, list]) => `"${name}" by ${list.join(" and ")}`).join("; ");
        throw new InputError(`${clashes.length > 1 ? "some executor names are" : "an executor name is"} given by several folders of this run, which would publish over each other: ${said}. Rename one, or leave one out of path (a line such as !folder).`);
      }
      ;
      function settle(ctx, status, executor) {
        if (executor) {
          ctx.outputs.setExecutor(executor);
          ctx.facts.executor = executor;
        }
        ctx.outputs.set("status", status);
        ctx.facts.outcome = status;
      }
      var parse = __webpack_require__(6353);
      var parse_default = /* @__PURE__ */ __webpack_require__.n(parse);
      ;
      function readGitContext(env) {
        return {
          eventName: env.GITHUB_EVENT_NAME?.trim() ?? "",
          ref: env.GITHUB_REF?.trim() ?? "",
          payload: readPayload(env.GITHUB_EVENT_PATH)
        };
      }
      function readPayload(file) {
        if (!file)
          return {};
        try {
          const value = JSON.parse((0, external_node_fs_.readFileSync)(file, "utf8"));
          return release_isRecord(value) ? value : {};
        } catch {
          return {};
        }
      }
      function isSemverPrerelease(tag) {
        return (parse_default()(tag.replace(/^V/, "v"))?.prerelease.length ?? 0) > 0;
      }
      function tagsFromGit(ctx) {
        const release = ctx.eventName === "release" ? ctx.payload.release : void 0;
        const releaseTag = release_isRecord(release) && typeof release.tag_name === "string" ? release.tag_name.trim() : "";
        if (release_isRecord(release) && releaseTag) {
          return described(releaseTag, "release", release.prerelease === true || isSemverPrerelease(releaseTag));
        }
        if (ctx.ref.startsWith("refs/tags/") && ctx.ref.length > "refs/tags/".length) {
          const tag = ctx.ref.slice("refs/tags/".length);
          return described(tag, "tag", isSemverPrerelease(tag));
        }
        return void 0;
      }
      function described(tag, source, prerelease) {
        if (!TAG_PATTERN.test(tag)) {
          throw new InputError(`the git ${source} "${tag}" cannot be a Hub tag (letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters): set the tags input.`);
        }
        const tags = prerelease || tag === "latest" ? [tag] : [tag, "latest"];
        const why = `from the ${source} ${tag}${prerelease ? " (a prerelease: latest is not moved)" : ""}`;
        return { tag, tags, prerelease, why };
      }
      function release_isRecord(value) {
        return typeof value === "object" && value !== null && !Array.isArray(value);
      }
      ;
      function shownList(items, most, maxChars = 1e3) {
        const shown = [];
        let length = 0;
        for (const item of items.slice(0, most)) {
          const cut2 = item.length > maxChars / 2 ? `${item.slice(0, maxChars / 2)}...` : item;
          if (shown.length > 0 && length + cut2.length > maxChars)
            break;
          shown.push(cut2);
          length += cut2.length + 2;
        }
        const more = items.length - shown.length;
        return shown.join(", ") + (more > 0 ? ` and ${more} more` : "");
      }
      ;
      const LFS_POINTER_START = "version https://git-lfs.github.com/spec/v1";
      const LFS_POINTER_MAX_BYTES = 1024;
      function lfsLine(pointers) {
        const shown = shownList(pointers, 5);
        return `${pointers.length} ${pointers.length > 1 ? "files are Git LFS pointers" : "file is a Git LFS pointer"}, not their content: ${shown}. The checkout did not fetch them: set lfs: true on actions/checkout.`;
      }
      ;
      function secretInExecutors(value) {
        let entries;
        try {
          entries = JSON.parse(value);
        } catch {
          return secretIn(value);
        }
        if (!Array.isArray(entries))
          return secretIn(value);
        for (const entry of entries) {
          if (entry === null || typeof entry !== "object") {
            const held = secretIn(JSON.stringify(entry));
            if (held)
              return held;
            continue;
          }
          for (const [key, field] of Object.entries(entry)) {
            const held = key === "secret" && typeof field === "string" ? secretIn(field, true) : secretIn(JSON.stringify(field) ?? "");
            if (held)
              return held;
          }
        }
        return void 0;
      }
      const refused = /* @__PURE__ */ new Set();
      class Outputs {
        write;
        values = {};
        constructor(write = true) {
          this.write = write;
        }
        set(name, value) {
          if (value === void 0 || value === "")
            return;
          if (name === "secret")
            addSecret(value, "executor-secret");
          else {
            const held = name === "executors" ? secretInExecutors(value) : secretIn(value);
            if (held !== void 0) {
              if (!refused.has(name)) {
                refused.add(name);
                log_warning(`the ${name} output is left unset: its value would show ${held}, which is masked as a secret.`, { title: "Output not set" });
              }
              return;
            }
          }
          this.values[name] = value;
          if (this.write)
            core.uH(name, value);
        }
        /** Everything the Hub said about the published executor. */
        setExecutor(executor) {
          if (executor.secret)
            this.set("secret", executor.secret);
          this.set("name", executor.name);
          this.set("id", executor.id);
          this.set("visibility", executor.visibility);
          const tags = executor.commit?.tags;
          if (Array.isArray(tags))
            this.set("tags", JSON.stringify(tags));
          const uri = usageUri(executor);
          if (uri)
            this.set("uri", uri);
        }
      }
      function usageUri(executor, scheme = "docker") {
        if (!executor.name)
          return void 0;
        const tag = executor.commit?.tags?.[0] ?? "latest";
        const suffix = scheme === "docker" ? "+docker" : scheme === "sandbox" ? "+sandbox" : "";
        const owner = executor.owner?.name;
        if (owner && !executor.secret)
          return `jinaai${suffix}://${owner}/${executor.name}:${tag}`;
        return `jinahub${suffix}://${executor.name}/${tag}`;
      }
      function newFacts(mode = "push") {
        return { mode, outcome: "failed", phases: [], buildEnvNames: [] };
      }
      const MAX_SUMMARY_BYTES = 900 * 1024;
      const MAX_SUMMARY_REASON = 2e3;
      const REASON_CUT_NOTE = " (cut: the whole reason is in the step log)";
      function summaryReason(reason, max = MAX_SUMMARY_REASON) {
        const clean = scrub(reason);
        return clean.length > max ? `${cut(clean, max)}${REASON_CUT_NOTE}` : clean;
      }
      async function writeSummary(facts) {
        if (!process.env.GITHUB_STEP_SUMMARY)
          return;
        const s = core.z.emptyBuffer();
        const name = facts.executor?.name ?? facts.name ?? "executor";
        const verb = facts.mode === "push" ? "Published" : "Build of";
        const title = facts.outcome === "succeeded" ? `${verb} ${name} on the Executor Hub` : facts.outcome === "pending" ? `${name}: build still running on the Executor Hub` : facts.outcome === "skipped" ? `${name}: already published with this package, nothing uploaded` : facts.outcome === "dry-run" ? `${name}: checked and packed (dry run), nothing uploaded` : `${name}: publish failed`;
        s.addHeading(scrub(title), 2);
        if (facts.reason)
          s.addRaw(`<p><strong>Why:</strong> ${escapeHtml(summaryReason(facts.reason))}</p>`, true);
        if (facts.lfsPointers?.length)
          s.addRaw(`<p><strong>Warning:</strong> ${escapeHtml(summaryReason(lfsLine(facts.lfsPointers)))}</p>`, true);
        const rows = [];
        const add = (k, v) => v !== void 0 && v !== "" && rows.push([k, v]);
        add("Name", facts.executor?.name ?? facts.name);
        add("ID", facts.executor?.id ?? facts.id);
        add("Visibility", facts.executor?.visibility ?? facts.visibility);
        add("Tags", facts.executor?.commit?.tags?.join(", "));
        add("Task ID", facts.taskId);
        add("Status", facts.outcome);
        add("GPU build", gpuCell(facts));
        if (facts.packageSize !== void 0) {
          add("Package", `${formatBytes(facts.packageSize)}${facts.files !== void 0 ? `, ${facts.files} files` : ""}, md5 ${facts.md5 ?? ""}`);
        }
        for (const [phase, ms] of facts.phases)
          add(`Time: ${phase}`, formatSeconds(ms));
        s.addTable([
          [
            { data: "What", header: true },
            { data: "Value", header: true }
          ],
          ...rows.map(([k, v]) => [escapeHtml(k), escapeHtml(scrub(v))])
        ]);
        const uri = (facts.outcome === "succeeded" || facts.outcome === "skipped") && facts.executor ? usageUri(facts.executor) : void 0;
        if (uri) {
          s.addHeading("Use it", 3);
          s.addCodeBlock(scrub(`jtype: Flow
executors:
  - uses: ${uri}`), "yaml");
          s.addCodeBlock(scrub(`from jina import Flow

f = Flow().add(uses='${uri}')`), "python");
          const source = usageUri(facts.executor, "source");
          if (source)
            s.addRaw(`<p>Without Docker, from source: <code>${escapeHtml(scrub(source))}</code></p>`, true);
        }
        if (uri && facts.buildEnvNames.length > 0) {
          s.addHeading("Build environment", 3);
          s.addRaw(`<p>Whoever pulls this executor from source must set these environment variables (their values are not shown): ${facts.buildEnvNames.map((n) => `<code>${escapeHtml(n)}</code>`).join(", ")}</p>`, true);
        }
        await writeBounded(s);
      }
      async function writeBounded(s) {
        if (Buffer.byteLength(s.stringify()) > MAX_SUMMARY_BYTES) {
          s.emptyBuffer().addRaw("<p>The summary of this step was too large for the runner (over 1 MiB): the step log has every detail.</p>", true);
        }
        await s.write();
      }
      async function writeSummaries(list) {
        if (!process.env.GITHUB_STEP_SUMMARY)
          return;
        if (list.length === 1)
          return writeSummary(list[0]);
        const s = core.z.emptyBuffer();
        const failed = list.filter((f) => f.outcome === "failed" || f.outcome === "refused").length;
        s.addHeading(`${list.length} executors: ${failed ? `${failed} failed` : "all done"}`, 2);
        const reasonRoom = Math.max(200, Math.min(MAX_SUMMARY_REASON, Math.floor(MAX_SUMMARY_BYTES / 2 / list.length)));
        const sorted = [...list].sort((a, b) => Buffer.compare(Buffer.from(a.path ?? ""), Buffer.from(b.path ?? "")));
        const rows = [];
        let bytes = Buffer.byteLength(s.stringify()) + 2048;
        for (const f of sorted) {
          const reason = [f.reason, f.lfsPointers?.length ? lfsLine(f.lfsPointers) : void 0].filter(Boolean).join(" ");
          const row = [
            f.path ?? "",
            f.executor?.name ?? f.name ?? "?",
            f.outcome,
            f.executor?.commit?.tags?.join(", ") ?? "",
            f.taskId ?? "",
            gpuCell(f),
            (f.outcome === "succeeded" || f.outcome === "skipped") && f.executor ? usageUri(f.executor) ?? "" : "",
            reason ? summaryReason(reason, reasonRoom) : ""
          ].map((v) => cut(v, MAX_SUMMARY_REASON));
          const size = row.reduce((n, cell) => n + Buffer.byteLength(escapeHtml(cell)) + 10, 10);
          if (bytes + size > MAX_SUMMARY_BYTES)
            break;
          bytes += size;
          rows.push(row);
        }
        s.addRaw(htmlTable(["Path", "Executor", "Status", "Tags", "Task ID", "GPU build", "Use it", "Why"], rows), true);
        if (rows.length < list.length) {
          s.addRaw(`<p>${list.length - rows.length} more executors are left out to keep this summary under the runner's 1 MiB limit: the executors output and the step log have them all.</p>`, true);
        }
        await writeBounded(s);
      }
      function gpuCell(facts) {
        const gpu = facts.gpu;
        if (!gpu?.status && !gpu?.taskId)
          return "";
        return `${gpu.status ?? "started"}${gpu.taskId ? `, task ${gpu.taskId}` : ""}`;
      }
      function htmlTable(header, rows) {
        const cell = (tag, text) => `<${tag}>${escapeHtml(scrub(text))}</${tag}>`;
        const tr = (cells) => `<tr>${cells.join("")}</tr>`;
        return `<table>${tr(header.map((h) => cell("th", h)))}${rows.map((r) => tr(r.map((v) => cell("td", v)))).join("")}</table>`;
      }
      function formatBytes(bytes) {
        if (bytes < 1024)
          return `${bytes} B`;
        if (bytes < 1024 * 1024)
          return `${(bytes / 1024).toFixed(1)} KiB`;
        if (bytes < 1024 ** 3)
          return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
        return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
      }
      function formatSeconds(ms) {
        return `${(ms / 1e3).toFixed(1)}s`;
      }
      function escapeHtml(text) {
        return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
      }
      ;
      class SomeFailed extends Error {
      }
      async function publishAll(ctx, request, env, summaries, publishOne, recordFailure2) {
        const git = readGitContext(env);
        let job = request;
        const fromGit = job.tags.length === 0 ? tagsFromGit(git) : void 0;
        if (fromGit) {
          job = { ...job, tags: fromGit.tags };
          info(`tags ${fromGit.tags.join(", ")}, ${fromGit.why}`);
        }
        const cwd = process.cwd();
        let folders = await resolveFolders(ctx.request.paths, cwd);
        if (job.changedOnly)
          folders = await onlyChanged(folders, git, cwd);
        if (folders.length === 0) {
          settle(ctx, "skipped");
          ctx.outputs.set("executors", "[]");
          ctx.facts.reason = "no executor folder changed since the base commit: nothing to publish";
          info(ctx.facts.reason);
          return;
        }
        if (folders.length === 1) {
          const folder = folders[0];
          try {
            await publishOne(ctx, { ...job, folder });
          } catch (err) {
            recordFailure2(ctx.facts, err);
            throw err;
          } finally {
            ctx.facts.gpu = { taskId: ctx.outputs.values["gpu-task-id"], status: ctx.outputs.values["gpu-status"] };
            ctx.outputs.set("executors", JSON.stringify([executorResult(folder, cwd, ctx.outputs, ctx.facts)]));
          }
          return;
        }
        await checkDistinctNames(folders, cwd, job.forceUpdate !== void 0 && job.secret !== void 0 ? job.forceUpdate : void 0);
        info(`publishing ${folders.length} executors, ${Math.min(job.parallel, folders.length)} at once: ${folders.map((f) => label(f, cwd)).join(", ")}`);
        const results = await mapLimit(folders, job.parallel, async (folder) => {
          const one = {
            ...ctx,
            outputs: new Outputs(false),
            facts: { ...newFacts(), path: label(folder, cwd) },
            secretGoesTo: "its entry of the executors output"
          };
          let failed = false;
          await withPrefix(label(folder, cwd), async () => {
            try {
              await publishOne(one, { ...job, folder });
            } catch (err) {
              if (ctx.signal.aborted)
                throw err;
              failed = true;
              recordFailure2(one.facts, err);
              error(one.facts.reason ?? "");
            }
          });
          one.facts.gpu = { taskId: one.outputs.values["gpu-task-id"], status: one.outputs.values["gpu-status"] };
          summaries.push(one.facts);
          return { folder, failed, result: executorResult(folder, cwd, one.outputs, one.facts) };
        });
        ctx.outputs.set("executors", JSON.stringify(results.map((r) => r.result)));
        const failures = results.filter((r) => r.failed);
        if (failures.length > 0) {
          throw new SomeFailed(`${failures.length} of ${results.length} executors failed: ${failures.map((r) => label(r.folder, cwd)).join(", ")} (the reasons are above)`);
        }
        info(`all ${results.length} executors done`);
      }
      async function onlyChanged(folders, git, cwd) {
        const base = baseCommitOf(git);
        if (!base) {
          info("changed-only: this run has no base commit to compare with (a new branch, a tag or a manual run): every folder is published");
          return folders;
        }
        const changed2 = await changedFolders(folders, base, { cwd });
        info(`changed-only: ${changed2.length} of ${folders.length} folders changed since ${base.slice(0, 12)}${changed2.length ? `: ${changed2.map((f) => label(f, cwd)).join(", ")}` : ""}`);
        return changed2;
      }
      function label(folder, cwd) {
        return external_node_path_default().relative(cwd, folder) || ".";
      }
      function executorResult(folder, cwd, outputs, facts) {
        const v = outputs.values;
        return {
          path: label(folder, cwd),
          name: v.name ?? facts.name,
          status: v.status ?? facts.outcome,
          "task-id": v["task-id"],
          id: v.id,
          tags: v.tags ? JSON.parse(v.tags) : void 0,
          uri: v.uri,
          md5: v.md5,
          // An executor published without a token: its secret, shown once by the Hub (masked in the log).
          secret: v.secret,
          "package-path": v["package-path"],
          "gpu-task-id": v["gpu-task-id"],
          "gpu-status": v["gpu-status"],
          // A message, scrubbed like any text the step shows (the exact values above are checked, never scrubbed).
          error: (facts.outcome === "failed" || facts.outcome === "refused" || facts.outcome === "pending") && facts.reason ? scrub(facts.reason) : void 0
        };
      }
      async function mapLimit(items, limit, fn) {
        const results = new Array(items.length);
        let next = 0;
        const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
          while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
          }
        });
        await Promise.all(lanes);
        return results;
      }
      ;
      class BuildFailed extends Error {
      }
      function recordFailure(facts, err, sessionId) {
        facts.outcome = err instanceof InputError ? "refused" : facts.outcome === "pending" ? "pending" : "failed";
        facts.reason = messageOf(err, sessionId);
      }
      function cancelledMessage(cancelled, facts, sessionId) {
        const session = sessionId ? ` (session ${sessionId})` : "";
        if (facts.taskId) {
          return `${cancelled.message} while waiting for the build: it goes on at the Hub; look it up with task-id: ${facts.taskId} (this action with only task-id set, or jina hub status --id ${facts.taskId})${session}`;
        }
        if (facts.stage === "upload") {
          return `${cancelled.message} during the upload: the Hub may or may not have taken it; look for its newest build with status-only: true${session}`;
        }
        return `${cancelled.message} before anything was uploaded: nothing was published${session}`;
      }
      function messageOf(err, sessionId) {
        if (err instanceof InputError || err instanceof HubError || err instanceof ProtocolError || err instanceof BuildFailed || err instanceof SomeFailed) {
          return err.message;
        }
        const session = sessionId ? ` (session ${sessionId})` : "";
        if (err instanceof StallError) {
          return `${err.message}, on every try: the Hub or the network is too slow for now; try again later or raise stall-timeout${session}`;
        }
        if (isNetworkError(err)) {
          return `could not reach the Hub (${describeNetworkError(err)}): check the registry input and the runner's network${session}`;
        }
        const e = err;
        return `unexpected error: ${e?.message ?? String(err)}${session}`;
      }
      ;
      class Deadline {
        outer;
        controller = new AbortController();
        timer;
        onOuterAbort = () => this.controller.abort(this.outer?.reason);
        /** True once the time ran out (not when `outer` aborted). */
        expired = false;
        constructor(at, outer) {
          this.outer = outer;
          this.timer = setTimeout(() => {
            this.expired = true;
            this.controller.abort(new DOMException("the time limit ran out", "TimeoutError"));
          }, Math.max(0, at - Date.now()));
          if (outer?.aborted)
            this.onOuterAbort();
          else
            outer?.addEventListener("abort", this.onOuterAbort, { once: true });
        }
        get signal() {
          return this.controller.signal;
        }
        clear() {
          clearTimeout(this.timer);
          this.outer?.removeEventListener("abort", this.onOuterAbort);
        }
      }
      ;
      class BufferRing {
        size;
        buffers;
        busy;
        turn = 0;
        constructor(count, size) {
          this.size = size;
          this.buffers = Array.from({ length: count }, () => Buffer.allocUnsafe(size));
          this.busy = this.buffers.map(() => Promise.resolve());
        }
        /** The next buffer of the ring, once every job that held it has ended. */
        async next() {
          const slot = this.turn++ % this.buffers.length;
          await this.busy[slot];
          return { buffer: this.buffers[slot], slot };
        }
        /**
         * `job` uses the buffer: it is not handed out again before `job` ends. What the jobs resolve to is
         * dropped: a slot's promise is chained over the whole package, and keeping each job's result (a
         * deflated block) in the chain kept every deflated block of the package alive until the end.
         */
        hold(buffer, job) {
          this.busy[buffer.slot] = Promise.allSettled([this.busy[buffer.slot], job]).then(ended);
        }
      }
      const ended = () => void 0;
      async function* readThroughRing(handle, ring) {
        let position = 0;
        const readNext = async () => {
          const held = await ring.next();
          const { bytesRead } = await handle.read(held.buffer, 0, ring.size, position);
          position += bytesRead;
          return { block: held.buffer.subarray(0, bytesRead), held };
        };
        let next = readNext();
        try {
          for (; ; ) {
            const read = await next;
            if (read.block.length === 0)
              return;
            next = readNext();
            yield read;
          }
        } finally {
          await next.catch(() => void 0);
          await handle.close();
        }
      }
      ;
      const FILE_CHUNK = 1 << 20;
      const FILE_BUFFERS = 3;
      function multipartBody(fields, file) {
        const boundary = `----hub-push-${(0, external_node_crypto_.randomBytes)(12).toString("hex")}`;
        const head = Buffer.from(fields.map(([name, value]) => `--${boundary}\r
Content-Disposition: form-data; name="${name}"\r
\r
${value}\r
`).join(""));
        const fileHead = file ? Buffer.from(`--${boundary}\r
Content-Disposition: form-data; name="file"; filename="${file.filename.replace(/"/g, "")}"\r
Content-Type: ${file.contentType}\r
\r
`) : Buffer.alloc(0);
        const tail = Buffer.from(`${file ? "\r\n" : ""}--${boundary}--\r
`);
        const contentLength = head.length + fileHead.length + (file?.size ?? 0) + tail.length;
        async function* parts() {
          yield head;
          if (file) {
            yield fileHead;
            let sent = 0;
            for await (const chunk of fileChunks(file.path)) {
              sent += chunk.length;
              yield chunk;
            }
            if (sent !== file.size)
              throw new Error(`the package ${file.path} changed while it was uploaded`);
          }
          yield tail;
        }
        return { body: file ? parts() : Buffer.concat([head, tail]), contentType: `multipart/form-data; boundary=${boundary}`, contentLength };
      }
      async function* fileChunks(file, chunkSize = FILE_CHUNK, buffers = FILE_BUFFERS) {
        for await (const { block } of readThroughRing(await external_node_fs_.promises.open(file, "r"), new BufferRing(buffers, chunkSize)))
          yield block;
      }
      function jsonBody(value) {
        const body = Buffer.from(JSON.stringify(value));
        return { body, contentType: "application/json", contentLength: body.length };
      }
      ;
      const SKEW_MARGIN_MS = 5e3;
      const UNKNOWN_CLOCK_MARGIN_MS = 12e4;
      const LOOKS_AFTER_GATEWAY_MS = [0, 2e3, 4e3];
      const LOOKS_AFTER_HUB_MS = [0];
      async function sendUpload(policy, send, recovery, onRetry, signal) {
        const began = Date.now();
        for (let n = 1; ; n++) {
          try {
            return { kind: "answered", answer: await send() };
          } catch (err) {
            if (signal?.aborted || !isRetryable(err))
              throw err;
            if (hubMayHaveActed(err)) {
              if (!recovery.listTasks)
                throw recovery.notSentAgain(err);
              const taskId = await lookForTask(recovery, began, looksAfter(err), err, signal);
              if (taskId !== void 0)
                return { kind: "found", taskId, reason: describeFailure(err) };
            }
            if (n >= policy.attempts)
              throw err;
            const waitMs = retryWaitMs(err, n, policy);
            onRetry({ attempt: n + 1, of: policy.attempts, waitMs, reason: describeFailure(err) });
            await (0, promises_.setTimeout)(waitMs, void 0, { signal });
          }
        }
      }
      function looksAfter(err) {
        const status = err instanceof HubError ? err.details.httpStatus : void 0;
        return status === 500 || status === 503 ? LOOKS_AFTER_HUB_MS : LOOKS_AFTER_GATEWAY_MS;
      }
      async function lookForTask(recovery, began, waits, cause, signal) {
        for (const wait of waits) {
          if (wait > 0)
            await (0, promises_.setTimeout)(wait, void 0, { signal });
          let listing;
          try {
            listing = await recovery.listTasks();
          } catch (listErr) {
            if (isNotFound(listErr))
              continue;
            throw recovery.unknownFate(cause, listErr);
          }
          const found = newestSince(listing, began);
          if (found)
            return found._id;
        }
        return void 0;
      }
      function newestSince(listing, began) {
        const since = listing.hubAheadMs === void 0 ? began - UNKNOWN_CLOCK_MARGIN_MS : began + listing.hubAheadMs - SKEW_MARGIN_MS;
        let newest;
        for (const task of listing.tasks) {
          const at = task.createdAt === void 0 ? NaN : Date.parse(task.createdAt);
          if (!Number.isFinite(at) || at < since)
            continue;
          if (!newest || at > newest.at)
            newest = { task, at };
        }
        return newest?.task;
      }
      function hubAheadMs(dateHeader, receivedAt) {
        const value = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
        const at = value ? Date.parse(value) : NaN;
        return Number.isFinite(at) ? at - receivedAt : void 0;
      }
      ;
      const MAX_LIST_BYTES = 4 * 1024 * 1024;
      const MAX_UNREAD_BYTES = 4 * 1024 * 1024;
      const MAX_TASK_ANSWER_BYTES = 8 * 1024 * 1024;
      const RECOVERY_PAGE = 10;
      const MAX_WHOAMI_BYTES = 64 * 1024;
      class HubClient {
        http;
        retries;
        constructor(http, retries = UPLOAD_RETRIES) {
          this.http = http;
          this.retries = retries;
        }
        get sessionId() {
          return this.http.sessionId;
        }
        /** createAsync / updateAsync: uploads, and answers the build task's ID. */
        async pushAsync(upload, onRetry) {
          const key = (0, external_node_crypto_.randomUUID)();
          const outcome = await sendUpload(this.retries, async () => {
            const response = await this.http.call(upload.method, () => multipartBody(upload.fields, upload.file), uploadOptions(upload, key));
            const answerMs = 4 * this.http.stallTimeoutMs;
            const deadline = new Deadline(Date.now() + answerMs);
            deadline.signal.addEventListener("abort", () => response.body.destroy(), { once: true });
            try {
              return await this.readTaskAnswer(response.body, upload);
            } catch (err) {
              if (deadline.expired) {
                throw new StallError(`the Hub's answer to ${upload.method} did not end within ${formatWait(answerMs)}`);
              }
              throw err;
            } finally {
              deadline.clear();
              response.body.destroy();
            }
          }, this.recoveryFor(upload), onRetry, upload.signal);
          if (outcome.kind === "answered")
            return outcome.answer;
          info(this.foundLine(upload.method, outcome.reason, outcome.taskId));
          return { taskId: outcome.taskId };
        }
        /** How an upload whose answer was lost is handled: its task looked up (token), or not sent again (none). */
        recoveryFor(upload) {
          const ref = upload.taskRef ?? upload.context.forceUpdate ?? upload.context.name;
          const target = ref ?? "the executor";
          const session = `session ${this.sessionId}`;
          const lost = (err) => `the answer to ${upload.method} was lost (${describeFailure(err)}) after the whole upload was sent`;
          return {
            listTasks: this.http.hasToken && ref !== void 0 ? () => this.listTaskPage(ref, RECOVERY_PAGE) : void 0,
            notSentAgain: (err) => new HubError(upload.method === "executor.create" ? `${lost(err)}, so the Hub may have created ${target}: it was not sent again, because the Hub shows a new executor's secret only once, in that answer; check on the Hub whether ${target} exists (if it does, its secret is lost: publish under another name, or with a token) before you run the step again (${session})` : `${lost(err)}, so the Hub may have started a build of ${target}: it was not sent again, because without a token the action cannot look that build up; check the newest version of ${target} on the Hub before you run the step again (${session})`, { retryable: false }),
            unknownFate: (err, listErr) => new HubError(`${lost(err)}, and the Hub could not be asked whether it started a build (executor.listAsyncTasks: ${describeFailure(listErr)}): it was not sent again; look for the newest build of ${target} with status-only: true before you run the step again (${session})`, { retryable: false })
          };
        }
        foundLine(method, reason, taskId) {
          return `the answer to ${method} was lost (${reason}), but the Hub made build task ${taskId} for this upload: following it instead of uploading again (session ${this.sessionId})`;
        }
        /** The task ID from an upload's answer: JSON lines, or one pretty-printed JSON object. */
        async readTaskAnswer(body, upload) {
          const method = upload.method;
          const unread = [];
          let unreadBytes = 0;
          let objects = 0;
          let total = 0;
          try {
            for await (const item of readJsonItems(body)) {
              const line = item.text;
              total += line.length;
              if (total > MAX_TASK_ANSWER_BYTES) {
                throw new ProtocolError(`the Hub's answer to ${method} went on for more than ${MAX_TASK_ANSWER_BYTES >> 20} MiB without a task ID, which is not what its API sends: check the registry input (session ${this.sessionId})`);
              }
              const obj = item.obj;
              addSecretsIn(obj);
              if (!obj) {
                unreadBytes += line.length;
                if (unreadBytes > MAX_UNREAD_BYTES) {
                  throw new ProtocolError(`the Hub's answer to ${method} is not the JSON lines its API sends (${startOf(unread[0] ?? line)}, and no task ID in ${MAX_UNREAD_BYTES >> 20} MiB): check the registry input (session ${this.sessionId})`);
                }
                unread.push(line);
                continue;
              }
              objects++;
              const found2 = this.taskAnswer(obj, upload.context);
              if (found2)
                return found2;
            }
          } catch (err) {
            throw this.inAnswer(err, method);
          }
          const whole = hubObject(unread.join("\n"));
          const found = whole && this.taskAnswer(whole, upload.context);
          if (found)
            return found;
          const what = unread.length === 0 && objects === 0 ? "was empty" : unread.length > 0 && !whole && objects === 0 ? `is not JSON (${startOf(unread[0] ?? "")})` : "held no task ID";
          throw new ProtocolError(`the Hub's answer to ${method} ${what}: the action cannot follow a build without it; check the registry input and run the step again (session ${this.sessionId})`);
        }
        /** An error met while reading an answer, as one sentence naming the method and the session. */
        inAnswer(err, method) {
          if (err instanceof ProtocolError && !err.message.includes(this.sessionId)) {
            return new ProtocolError(`${err.message} (answer to ${method}, session ${this.sessionId})`);
          }
          return err;
        }
        /** A `{"code": 202, "data": {"_id": ...}}` line gives the task; a line with another code is an error. */
        taskAnswer(obj, context) {
          if (typeof obj.code !== "number")
            return void 0;
          const data = obj.data ?? {};
          const taskId = data._id ?? data.id;
          if (obj.code !== 202)
            throw this.lineError(obj, context);
          if (typeof taskId !== "string" || !taskId) {
            throw new ProtocolError(`the Hub accepted ${context.method} but its answer held no task ID (session ${this.sessionId})`);
          }
          const executor = typeof data.executor === "object" && data.executor ? data.executor : void 0;
          return { taskId, executor };
        }
        /**
         * create / update (and the push generation's sync uploads): uploads, follows the build the Hub
         * runs while answering, and returns the executor. The answer is read until `upload.buildTimeoutMs`
         * after the Hub took the upload, and never longer.
         */
        async pushSync(upload, onRetry, handlers) {
          const key = (0, external_node_crypto_.randomUUID)();
          const began = Date.now();
          const recovery = this.recoveryFor(upload);
          const outcome = await sendUpload(this.retries, () => this.http.call(upload.method, () => multipartBody(upload.fields, upload.file), uploadOptions(upload, key)), recovery, onRetry, upload.signal);
          if (outcome.kind === "found")
            return this.followFound(upload, outcome.taskId, outcome.reason, handlers);
          const response = outcome.answer;
          handlers.onAccepted();
          try {
            return await this.readBuildStream(response.body, upload, handlers, upload.buildTimeoutMs);
          } catch (err) {
            if (isNetworkError(err)) {
              if (recovery.listTasks && handlers.followTask) {
                const taskId = await lookForTask(recovery, began, [0], err, upload.signal);
                if (taskId !== void 0)
                  return this.followFound(upload, taskId, describeNetworkError(err), handlers);
              }
              const how = err.code === "UND_ERR_BODY_TIMEOUT" ? `went silent for ${formatWait(this.http.stallTimeoutMs)} (raise stall-timeout if builds are quiet for longer)` : `broke (${describeNetworkError(err)})`;
              throw new HubError(`the Hub's answer to ${upload.method} ${how} while it built: the build may still finish at the Hub; run the step again (session ${this.sessionId})`, { retryable: false });
            }
            throw this.inAnswer(err, upload.method);
          } finally {
            response.body.destroy();
          }
        }
        async followFound(upload, taskId, reason, handlers) {
          if (!handlers.followTask) {
            throw new HubError(`the answer to ${upload.method} was lost (${reason}), but the Hub made build task ${taskId} for this upload: look it up with task-id: ${taskId} (session ${this.sessionId})`, { retryable: false });
          }
          info(this.foundLine(upload.method, reason, taskId));
          return handlers.followTask(taskId);
        }
        buildTimeout(upload, timeoutMs) {
          const waited = formatWait(timeoutMs);
          const name = upload.context.forceUpdate ?? upload.context.name ?? "the executor";
          const rest = upload.method === "executor.create" ? `; the Hub gives a new executor's secret only at the end of the answer the action stopped reading, so if the build succeeds that secret is lost: raise timeout, or publish with a token` : `; raise timeout, or look up the newest version of ${name} on the Hub`;
          return new BuildTimeout(`the build did not end within ${waited}: it goes on at the Hub${rest} (session ${this.sessionId})`, { retryable: false });
        }
        /**
         * The build stream of a sync upload (create, update, push): its log and warnings passed on, the
         * executor of `complete` returned. Read for `timeoutMs` at most (then a BuildTimeout: the build goes
         * on at the Hub), and each read for the stall timeout at most.
         */
        async readBuildStream(body, upload, handlers, timeoutMs) {
          const deadline = timeoutMs === void 0 ? void 0 : new Deadline(Date.now() + timeoutMs);
          deadline?.signal.addEventListener("abort", () => body.destroy(), { once: true });
          try {
            return await this.readBuildEvents(body, upload, handlers);
          } catch (err) {
            if (deadline?.expired)
              throw this.buildTimeout(upload, timeoutMs);
            throw err;
          } finally {
            deadline?.clear();
          }
        }
        async readBuildEvents(body, upload, handlers) {
          const method = upload.method;
          let sn = 0;
          let objects = 0;
          let first;
          for await (const item of readJsonItems(body)) {
            const obj = item.obj;
            addSecretsIn(obj);
            if (!obj) {
              first ??= item.text;
              debug(`ignored a line of the Hub's answer that is not a JSON object: ${cut(item.text, 200)}`);
              continue;
            }
            objects++;
            if (typeof obj.code === "number" && obj.code >= 400)
              throw this.lineError(obj, upload.context);
            const type = typeof obj.type === "string" ? obj.type : "";
            switch (type) {
              case "complete": {
                const payload = obj.payload;
                if (!payload || typeof payload !== "object") {
                  throw new ProtocolError(`the Hub completed ${method} without the executor (session ${this.sessionId})`);
                }
                return payload;
              }
              case "error":
                throw this.lineError(obj, upload.context);
              case "warning":
                handlers.onWarning(textOf(obj.message ?? obj.payload));
                break;
              case "":
                break;
              default:
                handlers.onLog({ sn: sn++, type, subject: textOf(obj.subject), text: textOf(obj.payload ?? obj.message) });
                await drained();
            }
          }
          if (objects === 0) {
            throw new ProtocolError(`the Hub's answer to ${method} ${first === void 0 ? "was empty" : `is not JSON (${startOf(first)})`}: check the registry input and run the step again (session ${this.sessionId})`);
          }
          throw new ProtocolError(`the Hub's answer to ${method} ended before the build completed: the push may not have happened; run the step again (session ${this.sessionId})`);
        }
        /** One queryProgress stream: its lines, parsed. The stream may end or break before the build ends. */
        async *queryProgress(taskId, replay, verbose, signal) {
          const context = { method: "executor.queryProgress", name: `build task ${taskId}` };
          const response = await this.http.call("executor.queryProgress", multipartBody([
            ["id", taskId],
            ["replay", pyBool(replay)],
            ["verbose", pyBool(verbose)]
          ]), { signal, context });
          try {
            for await (const line of readLines(response.body)) {
              const obj = hubObject(line);
              if (obj)
                yield this.progressLine(obj, context);
              else {
                debug(`ignored a status line that is not a JSON object: ${cut(line, 200)}`);
                yield { kind: "ignored" };
              }
            }
          } catch (err) {
            throw this.inAnswer(err, `${context.method} for task ${taskId}`);
          } finally {
            response.body.destroy();
          }
        }
        /** The newest build tasks of an executor, newest first. */
        async listTasks(name, pageSize, policy = this.retries) {
          return (await this.listTaskPage(name, pageSize, policy)).tasks;
        }
        /** The newest build tasks of an executor, newest first, with the Hub's clock as its Date header gives it. */
        async listTaskPage(name, pageSize, policy = this.retries) {
          const context = { method: "executor.listAsyncTasks", name };
          const response = await withRetries(policy, () => this.http.call("executor.listAsyncTasks", multipartBody([
            ["id", name],
            ["sort", "-createdAt"],
            ["pageSize", String(pageSize)]
          ]), { context }), () => void 0);
          const ahead = hubAheadMs(response.headers.date, Date.now());
          const parsed2 = hubObject(await readCapped(response.body, MAX_LIST_BYTES, this.http.stallTimeoutMs));
          if (!parsed2) {
            throw new ProtocolError(`the Hub's answer to executor.listAsyncTasks is not a JSON object (session ${this.sessionId})`);
          }
          const data = parsed2.data;
          if (!Array.isArray(data)) {
            throw new ProtocolError(`the Hub's answer to executor.listAsyncTasks has no data list (session ${this.sessionId})`);
          }
          return { tasks: data.filter((t) => typeof t?._id === "string"), hubAheadMs: ahead };
        }
        /**
         * What a tag of an executor holds now (executor.getPackage), or undefined when the executor or
         * that tag does not exist (404 / 40403).
         */
        async getPackage(ref, tag) {
          const data = await this.packageData(ref, tag);
          if (!data)
            return void 0;
          const pkg = data.package;
          if (typeof pkg?.md5 !== "string") {
            throw new ProtocolError(`the Hub's answer to executor.getPackage for ${ref}${tag ? `:${tag}` : ""} has no package md5 (session ${this.sessionId})`);
          }
          return { executor: data, md5: pkg.md5.toLowerCase() };
        }
        /** The executor `ref` (an ID, `<owner>/<name>` or a name) as executor.getPackage tells it, or undefined when the Hub has none (404 / 40403). */
        async findExecutor(ref, tag, secret) {
          const data = await this.packageData(ref, tag, secret);
          if (!data)
            return void 0;
          if (typeof data.id !== "string" || !data.id || typeof data.name !== "string" || !data.name) {
            throw new ProtocolError(`the Hub's answer to executor.getPackage for ${ref} names no executor (no id or name) (session ${this.sessionId})`);
          }
          return data;
        }
        async packageData(ref, tag, secret) {
          const context = { method: "executor.getPackage", name: ref };
          let response;
          try {
            response = await withRetries(this.retries, () => this.http.call("executor.getPackage", jsonBody({ id: ref, ...tag ? { tag } : {}, ...secret ? { secret } : {}, include: ["code"] }), {
              context,
              carriesSecret: secret !== void 0
            }), () => void 0);
          } catch (err) {
            if (isNotFound(err))
              return void 0;
            throw err;
          }
          const parsed2 = hubObject(await readCapped(response.body, MAX_LIST_BYTES, this.http.stallTimeoutMs));
          const data = parsed2?.data;
          if (!data || typeof data !== "object") {
            throw new ProtocolError(`the Hub's answer to executor.getPackage for ${ref}${tag ? `:${tag}` : ""} has no data (session ${this.sessionId})`);
          }
          return data;
        }
        /** The token owner's user name (user.identity.whoami): the owner in `jinaai://<owner>/<name>`. Retried like every read. */
        async whoami() {
          const context = { method: "user.identity.whoami", name: "the token" };
          const response = await withRetries(this.retries, () => this.http.call("user.identity.whoami", jsonBody({}), { context }), () => void 0);
          const parsed2 = hubObject(await readCapped(response.body, MAX_WHOAMI_BYTES, this.http.stallTimeoutMs));
          const data = parsed2?.data;
          if (typeof data?.name !== "string" || !data.name.trim()) {
            throw new ProtocolError(`the Hub's answer to user.identity.whoami has no user name (session ${this.sessionId})`);
          }
          return data.name.trim();
        }
        /**
         * Whether the Hub has an upload method, asked with a request that carries no package (no file part,
         * no field): a Hub that has it answers 400 (40001), one without it 404 naming the method. Nothing
         * can be created by it. Retried like every read.
         */
        async probe(method) {
          const context = { method, name: "a request without a package" };
          let response;
          try {
            response = await withRetries(this.retries, () => this.http.call(method, multipartBody([]), { context }), () => void 0);
          } catch (err) {
            if (!(err instanceof HubError))
              throw err;
            const { httpStatus, status, hubMessage } = err.details;
            if (httpStatus === 400 || status === 40001)
              return { has: true };
            if (status === 40101 || status === 40102 || status === 40103)
              return { has: true };
            if (httpStatus === 404 && (hubMessage?.includes(method) || status !== void 0))
              return { has: false };
            const said = hubMessage ? `: ${hubMessage}` : "";
            return { inconclusive: `${method} without a package was answered HTTP ${httpStatus ?? "?"}${status ? ` (${status})` : ""}${said}` };
          }
          await response.body.dump({ limit: 64 * 1024 }).catch(() => void 0);
          return { inconclusive: `${method} without a package was answered HTTP ${response.statusCode}, not the contract's 400 or 404` };
        }
        progressLine(obj, context) {
          if (typeof obj.code === "number" && obj.code >= 400)
            throw this.lineError(obj, context);
          if (obj.type === "error")
            throw this.lineError(obj, context);
          if (obj.type === "report" && typeof obj.status === "string") {
            const error2 = obj.error;
            const reason = [error2?.message, obj.message].find((m) => typeof m === "string" && m.trim());
            return { kind: "state", status: obj.status, result: obj.result, error: reason };
          }
          if (obj.type === "progress") {
            const outer = obj.data ?? {};
            const inner = outer.data ?? {};
            return {
              kind: "log",
              event: {
                sn: typeof outer.sn === "number" ? outer.sn : void 0,
                type: typeof inner.type === "string" ? inner.type : "console",
                subject: textOf(inner.subject),
                text: textOf(inner.payload ?? inner.message)
              }
            };
          }
          return { kind: "ignored" };
        }
        lineError(obj, context) {
          const payload = typeof obj.payload === "object" && obj.payload ? obj.payload : {};
          const status = [payload.status, obj.status].find((s) => typeof s === "number");
          const hubMessage = [obj.readableMessage, obj.message, payload.readableMessage, payload.message].find((m) => typeof m === "string" && m.trim());
          const httpStatus = typeof obj.code === "number" ? obj.code : void 0;
          return new HubError(describeHubError({ httpStatus, status, hubMessage }, context, this.sessionId), {
            httpStatus,
            status,
            hubMessage,
            retryable: false
          });
        }
      }
      function uploadOptions(upload, idempotencyKey) {
        return {
          idempotencyKey,
          context: upload.context,
          carriesSecret: upload.fields.some(([name]) => name === "secret" || name === "buildEnv"),
          onBodyProgress: upload.onBodyProgress,
          signal: upload.signal
        };
      }
      function startOf(line) {
        return `it starts with ${JSON.stringify(cut(line.trim(), 60))}`;
      }
      function hubObject(line) {
        const obj = tryParseObject(line);
        addSecretsIn(obj);
        return obj;
      }
      function pyBool(value) {
        return value ? "True" : "False";
      }
      function textOf(value) {
        if (typeof value === "string")
          return value.replace(/\s+$/, "");
        if (value === void 0 || value === null)
          return "";
        return JSON.stringify(value);
      }
      ;
      async function detectApi(hub) {
        const async = await hub.probe("executor.createAsync");
        if ("has" in async && async.has)
          return "async";
        const push = await hub.probe("executor.push");
        if ("has" in push && push.has)
          return "push";
        if ("has" in async && "has" in push) {
          throw new ProtocolError(`the Hub has neither executor.createAsync nor executor.push (both answered 404): check the registry input (session ${hub.sessionId}).`);
        }
        const why = "inconclusive" in async ? async.inconclusive : "inconclusive" in push ? push.inconclusive : "";
        throw new ProtocolError(`could not tell which generation of the Hub API this Hub speaks (${why}): check the registry input, or set hub-api to async or push (session ${hub.sessionId}).`);
      }
      class HubGeneration {
        client;
        pinned;
        detected;
        constructor(client, pinned) {
          this.client = client;
          this.pinned = pinned;
        }
        /** Known without asking the Hub: the pinned generation, else undefined. */
        get known() {
          return this.pinned === "auto" ? void 0 : this.pinned;
        }
        warned = /* @__PURE__ */ new Set();
        /** One warning per run for `key`, however many executors draw it. */
        warnOnce(key, message) {
          if (this.warned.has(key))
            return;
          this.warned.add(key);
          log_warning(message);
        }
        async get() {
          if (this.pinned !== "auto")
            return this.pinned;
          this.detected ??= detectApi(this.client).then((api) => {
            info(`the Hub speaks the ${api} generation of the Hub API (${api === "async" ? "createAsync / updateAsync" : "whoami, then executor.push"}); set hub-api to pin it`);
            return api;
          });
          return this.detected;
        }
      }
      ;
      class TokenOwner {
        hub;
        hasToken;
        answer;
        told = false;
        constructor(hub, hasToken) {
          this.hub = hub;
          this.hasToken = hasToken;
        }
        /**
         * The owner of the token, or undefined without a token. A token the Hub refuses always throws (the
         * Hub's sentence). Any other failure throws when `required` (the push generation needs the owner);
         * otherwise it says once what that means (`ifUnknown`), and gives undefined.
         */
        async get(required, ifUnknown = "") {
          if (!this.hasToken)
            return void 0;
          this.answer ??= this.hub.whoami().then((owner) => {
            info(`the token is ${owner}'s: their executors are ${owner}/<name>`);
            return { owner };
          }, (error2) => ({ error: error2 }));
          const answer = await this.answer;
          if ("owner" in answer)
            return answer.owner;
          if (required || isRefusedToken(answer.error))
            throw answer.error;
          if (!this.told) {
            this.told = true;
            info(`could not learn whose token this is (user.identity.whoami: ${messageOf(answer.error, this.hub.sessionId)})${ifUnknown ? `: ${ifUnknown}` : ""}`);
          }
          return void 0;
        }
      }
      function isRefusedToken(err) {
        if (!(err instanceof HubError))
          return false;
        const { httpStatus, status } = err.details;
        return httpStatus === 401 || status === 40101 || status === 40102 || status === 40103;
      }
      function ownedRef(owner, name) {
        return `${owner}/${name}`;
      }
      ;
      const TERMINAL = /* @__PURE__ */ new Set(["succeeded", "failed"]);
      const RECONNECT_BASE_MS = 500;
      const RECONNECT_MAX_MS = 15e3;
      const MAX_SILENT_STREAMS = 3;
      async function waitForBuild(client, options) {
        let lastSn = -1;
        let lastState;
        let streams = 0;
        let failuresInRow = 0;
        let silentInRow = 0;
        while (Date.now() < options.deadline) {
          const deadline = new Deadline(options.deadline, options.signal);
          const signal = deadline.signal;
          const replay = streams === 0 ? options.replayFirst : options.replayFirst || lastSn >= 0;
          streams++;
          let answered = false;
          let useful = false;
          let why = "the status stream ended before the build did";
          try {
            for await (const line of client.queryProgress(options.taskId, replay, options.verbose, signal)) {
              answered = true;
              if (line.kind === "log") {
                useful = true;
                const sn = line.event.sn;
                if (sn !== void 0 && sn <= lastSn)
                  continue;
                if (sn !== void 0)
                  lastSn = sn;
                options.onLog(line.event);
                await drained();
              } else if (line.kind === "state") {
                useful = true;
                if (line.status !== lastState) {
                  lastState = line.status;
                  options.onState(line.status);
                }
                if (line.status === "succeeded")
                  return { status: "succeeded", executor: line.result ?? {} };
                if (line.status === "failed")
                  return { status: "failed", reason: line.error ?? "the Hub gave no reason" };
              }
            }
            answered = true;
          } catch (err) {
            if (options.signal?.aborted)
              throw err;
            if (signal.aborted)
              break;
            if (err instanceof ProtocolError)
              throw err;
            if (err instanceof HubError && !isRetryable(err))
              throw err;
            why = err instanceof HubError ? err.message : whyBroken(err, client.http.stallTimeoutMs);
          } finally {
            deadline.clear();
          }
          silentInRow = answered && !useful ? silentInRow + 1 : 0;
          if (silentInRow >= MAX_SILENT_STREAMS) {
            throw new ProtocolError(`the Hub answered ${silentInRow} status requests for task ${options.taskId} with nothing its API defines (no report, no log event): check the registry input (session ${client.sessionId})`);
          }
          failuresInRow = useful ? 0 : failuresInRow + 1;
          const waitMs = useful ? RECONNECT_BASE_MS : Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** failuresInRow);
          const wait = Math.min(waitMs, Math.max(0, options.deadline - Date.now()));
          options.onReconnect(why, wait);
          await (0, promises_.setTimeout)(wait, void 0, options.signal ? { signal: options.signal } : void 0);
        }
        return { status: "timeout", lastState: lastState && !TERMINAL.has(lastState) ? lastState : void 0 };
      }
      function whyBroken(err, stallTimeoutMs) {
        if (err?.code === "UND_ERR_BODY_TIMEOUT") {
          return `the status stream was silent for ${formatWait(stallTimeoutMs)}`;
        }
        return `the status stream broke (${describeNetworkError(err)})`;
      }
      var external_node_perf_hooks_ = __webpack_require__(643);
      ;
      const PROGRESS_EVERY_MS = 5e3;
      class Ticker {
        everyMs;
        now;
        next;
        constructor(everyMs = PROGRESS_EVERY_MS, now = Date.now) {
          this.everyMs = everyMs;
          this.now = now;
          this.next = now() + everyMs;
        }
        due() {
          const t = this.now();
          if (t < this.next)
            return false;
          this.next = t + this.everyMs;
          return true;
        }
      }
      function packingLine(p) {
        return `packing: ${p.files} of ${p.totalFiles} files, ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)} (${percent(p.bytes, p.totalBytes)})`;
      }
      function uploadingLine(sent, total, elapsedMs) {
        const rate2 = elapsedMs > 0 ? sent / (elapsedMs / 1e3) : 0;
        const eta = rate2 > 0 ? Math.ceil((total - sent) / rate2) : void 0;
        return `uploading: ${formatBytes(sent)} of ${formatBytes(total)} (${percent(sent, total)}), ${formatBytes(Math.round(rate2))}/s` + (eta !== void 0 ? `, about ${eta}s left` : "");
      }
      function phaseLine(phase, ms, detail) {
        return `${phase} done in ${(ms / 1e3).toFixed(2)} s${detail ? ` (${detail})` : ""}`;
      }
      function rate(bytes, ms) {
        return `${formatBytes(ms > 0 ? Math.round(bytes / (ms / 1e3)) : 0)}/s`;
      }
      function percent(part, whole) {
        return `${whole > 0 ? Math.floor(100 * part / whole) : 100}%`;
      }
      ;
      async function timed(facts, phase, fn, detail) {
        const start = external_node_perf_hooks_.performance.now();
        try {
          const result = await fn();
          const ms = external_node_perf_hooks_.performance.now() - start;
          info(phaseLine(phase, ms, detail?.(result, ms)));
          return result;
        } finally {
          facts.phases.push([phase, external_node_perf_hooks_.performance.now() - start]);
        }
      }
      ;
      const FAILED_BUILD_TAIL = 25;
      async function follow(ctx, taskId, opts) {
        const { client, outputs, facts } = ctx;
        const tail = new LogTail(opts.showLog);
        const outcome = await timed(facts, "build", () => group(`Build (task ${taskId})`, () => waitForBuild(client, {
          taskId,
          verbose: opts.verbose,
          replayFirst: opts.replayFirst,
          deadline: Date.now() + opts.timeoutMs,
          signal: ctx.signal,
          onState: (s) => info(`build ${s}`),
          onLog: (e) => tail.add(e),
          onReconnect: (why, waitMs) => info(`${why}; asking again in ${formatSeconds(waitMs)}`)
        })), (o) => o.status === "timeout" ? "not ended yet" : o.status);
        if (outcome.status === "succeeded") {
          published(ctx, await opts.resolve(outcome.executor));
          return;
        }
        if (outcome.status === "failed") {
          settle(ctx, "failed");
          tail.showOnFailure();
          const name = outputs.values.name ?? facts.name ?? "the executor";
          throw new BuildFailed(`the build of ${name} failed: ${outcome.reason} (task ID ${taskId}, session ${client.sessionId})`);
        }
        settle(ctx, "pending");
        throw new BuildFailed(`the build did not end within ${formatSeconds(opts.timeoutMs)}${outcome.lastState ? ` (last state: ${outcome.lastState})` : ""}: it goes on at the Hub; look it up later with task-id: ${taskId}, or raise timeout (session ${client.sessionId})`);
      }
      function published(ctx, executor) {
        settle(ctx, "succeeded", executor);
        const uri = usageUri(executor);
        info(`published ${executor.name ?? ctx.facts.name ?? "the executor"}${executor.id ? ` (ID ${executor.id})` : ""}${uri ? `: ${uri}` : ""}`);
        if (executor.secret) {
          const where = ctx.secretGoesTo ?? "the secret output and the executors output";
          info(`the Hub returned the executor secret: it is in ${where} (masked); store it as a repository secret now, the Hub never shows it again`);
        }
      }
      class LogTail {
        show;
        last = [];
        constructor(show) {
          this.show = show;
        }
        add(event) {
          if (!this.show && event.subject && (event.type === "start" || event.type === "done")) {
            info(`${event.subject}: ${event.type === "start" ? "started" : "done"}`);
          }
          if (!event.text)
            return;
          if (this.show)
            info(event.text);
          else {
            this.last.push(event.text);
            if (this.last.length > FAILED_BUILD_TAIL)
              this.last.shift();
          }
        }
        showOnFailure() {
          if (this.show || this.last.length === 0)
            return;
          info(`last ${this.last.length} lines of the build log:`);
          for (const line of this.last)
            info(`  ${line}`);
        }
      }
      ;
      function isComplete(executor, expectOwner) {
        return Boolean(executor.id && executor.name && (!expectOwner || executor.owner?.name));
      }
      async function publishedExecutor(ctx, reported, how) {
        if (isComplete(reported, how.expectOwner))
          return reported;
        const task = how.taskId ? ` (task ${how.taskId})` : "";
        let why;
        if (how.ref === void 0) {
          why = "the action does not know its name to look it up (give path with status-only: true)";
        } else {
          try {
            const found = await ctx.client.findExecutor(how.ref, how.tag, how.secret);
            if (found) {
              info(`the Hub did not say which executor the build published: looked it up as ${how.ref}${how.tag ? `:${how.tag}` : ""}`);
              return { ...found, ...reported.secret ? { secret: reported.secret } : {} };
            }
            why = `the Hub has no ${how.ref}${how.tag ? `:${how.tag}` : ""}`;
          } catch (err) {
            if (ctx.signal.aborted)
              throw err;
            why = `looking it up as ${how.ref} failed: ${messageOf(err, ctx.client.sessionId)}`;
          }
        }
        settle(ctx, "failed");
        ctx.outputs.set("secret", reported.secret);
        ctx.outputs.set("name", reported.name);
        const secret = reported.secret ? " (the secret it returned is in the secret output)" : "";
        throw new BuildFailed(`the build of ${how.what}${task} succeeded, but the Hub did not say which executor it published and ${why}; its ID and URI are unknown, so the step fails rather than report them empty${secret}: look the executor up on the Hub (session ${ctx.client.sessionId})`);
      }
      ;
      const CREDENTIAL_NAMES = [
        /^\.env/,
        // .env, .env.local, .env.production, ...
        /\.pem$/i,
        /\.key$/i,
        /^id_(rsa|dsa|ecdsa|ed25519)/,
        // SSH private keys, and their .pub next to them
        /^\.npmrc$/,
        /^\.pypirc$/,
        /^credentials.*\.json$/i
      ];
      function likelyCredentials(names) {
        return names.filter((name) => {
          const base = name.slice(name.lastIndexOf("/") + 1);
          return CREDENTIAL_NAMES.some((pattern) => pattern.test(base));
        });
      }
      var external_node_os_ = __webpack_require__(8161);
      var external_node_os_default = /* @__PURE__ */ __webpack_require__.n(external_node_os_);
      var external_node_buffer_ = __webpack_require__(4573);
      var ignore = __webpack_require__(298);
      var ignore_default = /* @__PURE__ */ __webpack_require__.n(ignore);
      ;
      const PYTHON_GITIGNORE = [
        "__pycache__/",
        "*.py[cod]",
        "*$py.class",
        ".Python",
        "build/",
        "develop-eggs/",
        "dist/",
        "eggs/",
        ".eggs",
        "sdist/",
        "var/",
        "wheels/",
        "share/python-wheels/",
        "*.egg-info",
        ".installed.cfg",
        "*.egg",
        "MANIFEST",
        "*.manifest",
        "*.spec",
        "pip-log.txt",
        "pip-delete-this-directory.txt",
        "htmlcov/",
        ".tox/",
        ".nox/",
        ".coverage",
        ".coverage.*",
        ".cache",
        "nosetests.xml",
        "coverage.xml",
        "*.cover",
        "*.py,cover",
        ".hypothesis/",
        ".pytest_cache/",
        "*.mo",
        "*.pot",
        "*.log",
        ".scrapy",
        "docs/_build/",
        ".pybuilder/",
        ".ipynb_checkpoints",
        "profile_default/",
        "ipython_config.py",
        "__pypackages__/",
        "celerybeat-schedule",
        "celerybeat.pid",
        "*.sage.py",
        ".env",
        ".venv",
        "env/",
        "venv/",
        "ENV/",
        "env.bak/",
        "venv.bak/",
        ".spyderproject",
        ".spyproject",
        ".ropeproject",
        "/site",
        ".mypy_cache/",
        ".dmypy.json",
        "dmypy.json",
        ".pyre/",
        ".pytype/",
        ".pytest_cache",
        "cython_debug/",
        ".git",
        ".vscode",
        ".idea",
        ".github",
        ".git",
        ".jina"
      ];
      ;
      const ALWAYS_LEFT_OUT = [".git", ".jina"];
      const DEFAULT_IGNORES = PYTHON_GITIGNORE;
      async function listFolder(folder, options = {}) {
        const root = await external_node_fs_.promises.realpath(folder);
        const repository = options.repository ? await external_node_fs_.promises.realpath(options.repository).catch(() => root) : root;
        const entries = [];
        const leftOut = [];
        const undecodable = [];
        const walked = /* @__PURE__ */ new Map();
        const linked = [];
        const rootGitignore = await readGitignore(root);
        const rootScope = { base: "", rules: ignore_default()().add(rootGitignore ?? [...DEFAULT_IGNORES]) };
        async function visit(dirReal, rel, scopes) {
          options.signal?.throwIfAborted();
          walked.set(dirReal, rel);
          const raw = (await external_node_fs_.promises.readdir(dirReal, { encoding: "buffer" })).sort(Buffer.compare);
          const own = rel === "" ? void 0 : await readGitignore(dirReal);
          const here = own === void 0 ? scopes : [...scopes, { base: rel, rules: ignore_default()().add(own) }];
          for (const rawName of raw) {
            if (!(0, external_node_buffer_.isUtf8)(rawName)) {
              const shown = (rel === "" ? "" : `${rel}/`) + escapeName(rawName);
              const lossy = rawName.toString("utf8");
              const name2 = rel === "" ? lossy : `${rel}/${lossy}`;
              const st = await external_node_fs_.promises.lstat(Buffer.concat([Buffer.from(`${dirReal}/`), rawName])).catch(() => void 0);
              if (isIgnored(here, st?.isDirectory() ? `${name2}/` : name2)) {
                leftOut.push({ name: shown, reason: "its name is not valid UTF-8 (it is ignored anyway)" });
              } else {
                undecodable.push(shown);
              }
              continue;
            }
            const entryName = rawName.toString("utf8");
            if (ALWAYS_LEFT_OUT.includes(entryName))
              continue;
            const name = rel === "" ? entryName : `${rel}/${entryName}`;
            const full = external_node_path_default().join(dirReal, entryName);
            const lstat = await external_node_fs_.promises.lstat(full);
            let real2 = full;
            let stat = lstat;
            if (lstat.isSymbolicLink()) {
              const target = await external_node_fs_.promises.realpath(full).catch(() => void 0);
              const targetStat = target === void 0 ? void 0 : await external_node_fs_.promises.stat(target).catch(() => void 0);
              if (target === void 0 || targetStat === void 0) {
                if (!isIgnored(here, name))
                  leftOut.push({ name, reason: "it is a link that points to nothing" });
                continue;
              }
              if (!isWithin(repository, target)) {
                const dirSlash = targetStat.isDirectory() ? "/" : "";
                if (!isIgnored(here, name + dirSlash)) {
                  leftOut.push({ name, reason: `it is a link to ${target}, outside the repository (${repository})` });
                }
                continue;
              }
              real2 = target;
              stat = targetStat;
              if (stat.isDirectory()) {
                if (!isIgnored(here, `${name}/`))
                  linked.push({ name, real: real2, scopes: here });
                continue;
              }
            }
            if (stat.isDirectory()) {
              if (isIgnored(here, `${name}/`))
                continue;
              const already = walked.get(real2);
              if (already !== void 0) {
                leftOut.push({ name, reason: `it is the folder ${already || "."}, packed already` });
                continue;
              }
              await visit(real2, name, here);
            } else if (stat.isFile()) {
              if (isIgnored(here, name))
                continue;
              entries.push({ name, source: real2, size: stat.size, executable: (stat.mode & 73) !== 0 });
            } else if (!isIgnored(here, name)) {
              leftOut.push({ name, reason: `it is ${specialKind(stat)}, not a file` });
            }
          }
        }
        await visit(root, "", [rootScope]);
        for (let next = linked.shift(); next !== void 0; next = linked.shift()) {
          const already = walked.get(next.real);
          if (already !== void 0) {
            const where = already === "" ? "the executor folder itself" : already;
            leftOut.push({ name: next.name, reason: `it is a link to ${where}, packed already` });
            continue;
          }
          if (isWithin(next.real, root)) {
            leftOut.push({ name: next.name, reason: "it is a link to a folder that holds the executor folder (a loop)" });
            continue;
          }
          await visit(next.real, next.name, next.scopes);
        }
        if (undecodable.length > 0) {
          const shown = shownList(undecodable.map((n) => `"${n}"`), 10);
          throw new InputError(`${undecodable.length > 1 ? "these file names are" : "this file name is"} not valid UTF-8 (shown escaped): ${shown}. A package entry needs a UTF-8 name: rename them, or add them to the .gitignore of the folder.`);
        }
        entries.sort((a, b) => compareNames(a.name, b.name));
        leftOut.sort((a, b) => compareNames(a.name, b.name));
        return { entries, leftOut, usedGitignore: rootGitignore !== void 0 };
      }
      function isIgnored(scopes, name) {
        let ignored = false;
        for (const scope of scopes) {
          const relative = scope.base === "" ? name : name.slice(scope.base.length + 1);
          const result = scope.rules.test(relative);
          if (result.ignored)
            ignored = true;
          else if (result.unignored)
            ignored = false;
        }
        return ignored;
      }
      async function readGitignore(dir) {
        const text = await readRegularText(external_node_path_default().join(dir, ".gitignore"));
        return text?.split(/\r?\n/).map((line) => line.trim());
      }
      function specialKind(stat) {
        if (stat.isFIFO())
          return "a named pipe (FIFO)";
        if (stat.isSocket())
          return "a socket";
        if (stat.isCharacterDevice() || stat.isBlockDevice())
          return "a device";
        return "a special file";
      }
      function escapeName(raw) {
        let out = "";
        let i = 0;
        while (i < raw.length) {
          const b = raw[i];
          const length = b < 128 ? 1 : b >= 194 && b <= 223 ? 2 : b >= 224 && b <= 239 ? 3 : b >= 240 && b <= 244 ? 4 : 0;
          const chunk = length > 0 ? raw.subarray(i, i + length) : void 0;
          if (chunk && chunk.length === length && (0, external_node_buffer_.isUtf8)(chunk) && (length > 1 || b >= 32 && b !== 127 && b !== 92)) {
            out += chunk.toString("utf8");
            i += length;
          } else {
            out += `\\x${b.toString(16).padStart(2, "0")}`;
            i += 1;
          }
        }
        return out;
      }
      function compareNames(a, b) {
        return Buffer.compare(Buffer.from(a), Buffer.from(b));
      }
      var external_node_zlib_ = __webpack_require__(8522);
      var external_node_zlib_default = /* @__PURE__ */ __webpack_require__.n(external_node_zlib_);
      var external_node_util_ = __webpack_require__(7975);
      ;
      const deflateRawAsync = (0, external_node_util_.promisify)(external_node_zlib_default().deflateRaw);
      const HERE_CHUNK = 4e3;
      function deflateHere(data, options) {
        return external_node_zlib_default().deflateRawSync(data, { ...options, chunkSize: HERE_CHUNK });
      }
      class PoolDeflater {
        size;
        active = 0;
        waiting = [];
        constructor(size) {
          this.size = size;
        }
        async deflate(data, options) {
          if (this.active >= this.size)
            await new Promise((resolve) => this.waiting.push(resolve));
          this.active++;
          try {
            return await deflateRawAsync(data, options);
          } finally {
            this.active--;
            this.waiting.shift()?.();
          }
        }
      }
      ;
      const METHOD_STORE = 0;
      const METHOD_DEFLATE = 8;
      const DOS_DATE = 1 << 5 | 1;
      const DOS_TIME = 0;
      const FLAG_DESCRIPTOR = 1 << 3;
      const FLAG_UTF8 = 1 << 11;
      const MADE_BY = 3 << 8 | 45;
      const NEEDED = 20;
      const NEEDED_ZIP64 = 45;
      const U32_MAX = 4294967295;
      const U16_MAX = 65535;
      const ZIP64_ENTRY_SIZE = 4026531840;
      function flags(entry) {
        const ascii = entry.name.every((b) => b < 128);
        return (entry.descriptor ? FLAG_DESCRIPTOR : 0) | (ascii ? 0 : FLAG_UTF8);
      }
      function localHeader(entry) {
        const extra = entry.zip64 ? zip64Extra([entry.descriptor ? 0 : entry.size, entry.descriptor ? 0 : entry.compressedSize]) : Buffer.alloc(0);
        const b = Buffer.alloc(30);
        b.writeUInt32LE(67324752, 0);
        b.writeUInt16LE(entry.zip64 ? NEEDED_ZIP64 : NEEDED, 4);
        b.writeUInt16LE(flags(entry), 6);
        b.writeUInt16LE(entry.method, 8);
        b.writeUInt16LE(DOS_TIME, 10);
        b.writeUInt16LE(DOS_DATE, 12);
        const known = !entry.descriptor;
        b.writeUInt32LE(known ? entry.crc : 0, 14);
        b.writeUInt32LE(entry.zip64 ? U32_MAX : known ? entry.compressedSize : 0, 18);
        b.writeUInt32LE(entry.zip64 ? U32_MAX : known ? entry.size : 0, 22);
        b.writeUInt16LE(entry.name.length, 26);
        b.writeUInt16LE(extra.length, 28);
        return Buffer.concat([b, entry.name, extra]);
      }
      function dataDescriptor(entry) {
        const b = Buffer.alloc(entry.zip64 ? 24 : 16);
        b.writeUInt32LE(134695760, 0);
        b.writeUInt32LE(entry.crc, 4);
        if (entry.zip64) {
          b.writeBigUInt64LE(BigInt(entry.compressedSize), 8);
          b.writeBigUInt64LE(BigInt(entry.size), 16);
        } else {
          b.writeUInt32LE(entry.compressedSize, 8);
          b.writeUInt32LE(entry.size, 12);
        }
        return b;
      }
      function centralHeader(entry) {
        const bigSizes = entry.zip64 || entry.size >= U32_MAX || entry.compressedSize >= U32_MAX;
        const bigOffset = entry.offset >= U32_MAX;
        const wide = [...bigSizes ? [entry.size, entry.compressedSize] : [], ...bigOffset ? [entry.offset] : []];
        const extra = wide.length ? zip64Extra(wide) : Buffer.alloc(0);
        const b = Buffer.alloc(46);
        b.writeUInt32LE(33639248, 0);
        b.writeUInt16LE(MADE_BY, 4);
        b.writeUInt16LE(extra.length ? NEEDED_ZIP64 : NEEDED, 6);
        b.writeUInt16LE(flags(entry), 8);
        b.writeUInt16LE(entry.method, 10);
        b.writeUInt16LE(DOS_TIME, 12);
        b.writeUInt16LE(DOS_DATE, 14);
        b.writeUInt32LE(entry.crc, 16);
        b.writeUInt32LE(bigSizes ? U32_MAX : entry.compressedSize, 20);
        b.writeUInt32LE(bigSizes ? U32_MAX : entry.size, 24);
        b.writeUInt16LE(entry.name.length, 28);
        b.writeUInt16LE(extra.length, 30);
        b.writeUInt16LE(0, 32);
        b.writeUInt16LE(0, 34);
        b.writeUInt16LE(0, 36);
        b.writeUInt32LE((32768 | entry.mode) << 16 >>> 0, 38);
        b.writeUInt32LE(bigOffset ? U32_MAX : entry.offset, 42);
        return Buffer.concat([b, entry.name, extra]);
      }
      function endRecords(count, directoryOffset, directorySize) {
        const zip64 = count >= U16_MAX || directoryOffset >= U32_MAX || directorySize >= U32_MAX;
        const parts = [];
        if (zip64) {
          const record = Buffer.alloc(56);
          record.writeUInt32LE(101075792, 0);
          record.writeBigUInt64LE(44n, 4);
          record.writeUInt16LE(MADE_BY, 12);
          record.writeUInt16LE(NEEDED_ZIP64, 14);
          record.writeUInt32LE(0, 16);
          record.writeUInt32LE(0, 20);
          record.writeBigUInt64LE(BigInt(count), 24);
          record.writeBigUInt64LE(BigInt(count), 32);
          record.writeBigUInt64LE(BigInt(directorySize), 40);
          record.writeBigUInt64LE(BigInt(directoryOffset), 48);
          const locator = Buffer.alloc(20);
          locator.writeUInt32LE(117853008, 0);
          locator.writeUInt32LE(0, 4);
          locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
          locator.writeUInt32LE(1, 16);
          parts.push(record, locator);
        }
        const end = Buffer.alloc(22);
        end.writeUInt32LE(101010256, 0);
        end.writeUInt16LE(zip64 ? U16_MAX : count, 8);
        end.writeUInt16LE(zip64 ? U16_MAX : count, 10);
        end.writeUInt32LE(zip64 ? U32_MAX : directorySize, 12);
        end.writeUInt32LE(zip64 ? U32_MAX : directoryOffset, 16);
        parts.push(end);
        return Buffer.concat(parts);
      }
      function zip64Extra(values) {
        const b = Buffer.alloc(4 + 8 * values.length);
        b.writeUInt16LE(1, 0);
        b.writeUInt16LE(8 * values.length, 2);
        values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
        return b;
      }
      ;
      const STORED_EXTENSIONS = /* @__PURE__ */ new Set([
        ".onnx",
        ".bin",
        ".pt",
        ".pth",
        ".safetensors",
        ".h5",
        ".hdf5",
        ".pb",
        ".tflite",
        ".gguf",
        ".ggml",
        ".ckpt",
        ".npy",
        ".npz",
        ".pkl",
        ".joblib",
        ".msgpack",
        ".params",
        ".caffemodel",
        ".mlmodel",
        ".model",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".zst",
        ".lz4",
        ".7z",
        ".rar",
        ".whl",
        ".jar",
        ".egg",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".heic",
        ".mp3",
        ".mp4",
        ".m4a",
        ".ogg",
        ".opus",
        ".flac",
        ".webm",
        ".mkv",
        ".mov",
        ".avi",
        ".woff",
        ".woff2",
        ".pdf"
      ]);
      const LEVEL = 6;
      const BLOCK = 1 << 20;
      const POOL_DEFLATE_MIN = 128 * 1024;
      const WINDOW = 32 * 1024;
      const PROBE_BYTES = 64 * 1024;
      const MIN_SAVING = 0.1;
      const AHEAD_FILES = 64;
      const AHEAD_BYTES = 16 * BLOCK;
      function shouldStore(name) {
        return STORED_EXTENSIONS.has(external_node_path_default().extname(name).toLowerCase());
      }
      async function writeZip(entries, file, options = {}) {
        const sink = await Sink.open(file);
        const deflater = new PoolDeflater(options.parallel ?? external_node_os_default().availableParallelism());
        const totalBytes = entries.reduce((sum, e) => sum + e.size, 0);
        const progress = { files: 0, totalFiles: entries.length, bytes: 0, totalBytes };
        const records = [];
        const lfsPointers = [];
        let stored = 0;
        try {
          const ahead = new ReadAhead(entries, (entry) => entry.size <= BLOCK ? readSmall(entry, deflater) : void 0);
          for (let i = 0; i < entries.length; i++) {
            const entry = entries[i];
            options.signal?.throwIfAborted();
            const small = await ahead.take(i);
            const record = small ? await writeSmall(sink, entry, small) : await writeLarge(sink, entry, deflater, (n) => {
              options.signal?.throwIfAborted();
              progress.bytes += n;
              options.onProgress?.(progress);
            });
            if (small)
              progress.bytes += entry.size;
            if (small?.lfsPointer)
              lfsPointers.push(entry.name);
            if (record.method === METHOD_STORE)
              stored++;
            records.push(record);
            progress.files++;
            options.onProgress?.(progress);
          }
          const directoryOffset = sink.offset;
          for (const record of records)
            await sink.write(centralHeader(record));
          await sink.write(endRecords(records.length, directoryOffset, sink.offset - directoryOffset));
          await sink.close();
        } catch (err) {
          await sink.destroy();
          throw err;
        }
        return { file, size: sink.offset, md5: sink.md5(), entries: entries.length, contentBytes: progress.bytes, stored, lfsPointers };
      }
      const LFS_POINTER = Buffer.from(LFS_POINTER_START);
      function openRegularSync(entry) {
        const fd = (0, external_node_fs_.openSync)(entry.source, OPEN_WITHOUT_BLOCKING);
        const stat = (0, external_node_fs_.fstatSync)(fd);
        if (!stat.isFile()) {
          (0, external_node_fs_.closeSync)(fd);
          throw notAFile(entry, stat);
        }
        return fd;
      }
      async function openRegular(entry) {
        const handle = await external_node_fs_.promises.open(entry.source, OPEN_WITHOUT_BLOCKING);
        const stat = await handle.stat();
        if (!stat.isFile()) {
          await handle.close();
          throw notAFile(entry, stat);
        }
        return handle;
      }
      function notAFile(entry, stat) {
        const kind = stat.isFIFO() ? "a named pipe (FIFO)" : stat.isSocket() ? "a socket" : stat.isDirectory() ? "a folder" : "a device";
        return new Error(`${entry.name} became ${kind} while the package was made: pack a folder that nothing writes to`);
      }
      const scratch = { buffer: Buffer.alloc(0) };
      function readIntoScratch(entry) {
        const want = entry.size + 1;
        if (scratch.buffer.length < want)
          scratch.buffer = Buffer.allocUnsafe(Math.max(want, POOL_DEFLATE_MIN + 1));
        const fd = openRegularSync(entry);
        try {
          let got = 0;
          for (let n = -1; n !== 0 && got < want; got += n)
            n = (0, external_node_fs_.readSync)(fd, scratch.buffer, got, want - got, null);
          return scratch.buffer.subarray(0, got);
        } finally {
          (0, external_node_fs_.closeSync)(fd);
        }
      }
      const isLfsPointer = (raw) => raw.length < LFS_POINTER_MAX_BYTES && raw.subarray(0, LFS_POINTER.length).equals(LFS_POINTER);
      async function readSmall(entry, deflater) {
        if (entry.size < POOL_DEFLATE_MIN && entry.size > 0 && !shouldStore(entry.name)) {
          const raw2 = readIntoScratch(entry);
          if (raw2.length !== entry.size)
            throw changed(entry);
          const crc2 = external_node_zlib_default().crc32(raw2);
          const lfsPointer2 = isLfsPointer(raw2);
          const packed = deflateHere(raw2, { level: LEVEL });
          if (packed.length < raw2.length)
            return { data: packed, crc: crc2, method: METHOD_DEFLATE, size: raw2.length, lfsPointer: lfsPointer2 };
          return { data: Buffer.from(raw2), crc: crc2, method: METHOD_STORE, size: raw2.length, lfsPointer: lfsPointer2 };
        }
        const fd = openRegularSync(entry);
        let raw;
        try {
          raw = (0, external_node_fs_.readFileSync)(fd);
        } finally {
          (0, external_node_fs_.closeSync)(fd);
        }
        if (raw.length !== entry.size)
          throw changed(entry);
        const crc = external_node_zlib_default().crc32(raw);
        const lfsPointer = isLfsPointer(raw);
        if (raw.length > 0 && !shouldStore(entry.name)) {
          const packed = raw.length < POOL_DEFLATE_MIN ? deflateHere(raw, { level: LEVEL }) : await deflater.deflate(raw, { level: LEVEL });
          if (packed.length < raw.length)
            return { data: packed, crc, method: METHOD_DEFLATE, size: raw.length, lfsPointer };
        }
        return { data: raw, crc, method: METHOD_STORE, size: raw.length, lfsPointer };
      }
      async function writeSmall(sink, entry, small) {
        const record = {
          name: nameBytes(entry.name),
          method: small.method,
          crc: small.crc,
          compressedSize: small.data.length,
          size: small.size,
          offset: sink.offset,
          mode: entry.executable ? 493 : 420,
          descriptor: false,
          zip64: false
        };
        await sink.write(localHeader(record));
        await sink.write(small.data);
        return record;
      }
      async function writeLarge(sink, entry, deflater, onBytes) {
        const method = shouldStore(entry.name) || !await compresses(entry) ? METHOD_STORE : METHOD_DEFLATE;
        const record = {
          name: nameBytes(entry.name),
          method,
          crc: 0,
          compressedSize: 0,
          size: 0,
          offset: sink.offset,
          mode: entry.executable ? 493 : 420,
          descriptor: true,
          zip64: entry.size >= ZIP64_ENTRY_SIZE
        };
        await sink.write(localHeader(record));
        const start = sink.offset;
        const pending = [];
        let previous;
        const flushOne = async () => {
          await sink.write(await pending.shift());
        };
        let position = 0;
        const ring = sink.blockRing(deflater.size);
        for await (const { block, held } of readThroughRing(await openRegular(entry), ring)) {
          record.crc = external_node_zlib_default().crc32(block, record.crc);
          record.size += block.length;
          position += block.length;
          onBytes(block.length);
          if (method === METHOD_STORE) {
            ring.hold(held, (await sink.write(block)).done);
            continue;
          }
          const last = position >= entry.size;
          const dictionary = previous ? previous.block.subarray(Math.max(0, previous.block.length - WINDOW)) : void 0;
          const job = deflater.deflate(block, {
            level: LEVEL,
            finishFlush: last ? external_node_zlib_default().constants.Z_FINISH : external_node_zlib_default().constants.Z_SYNC_FLUSH,
            ...dictionary ? { dictionary } : {}
          });
          job.catch(() => void 0);
          ring.hold(held, job);
          if (previous)
            ring.hold(previous.held, job);
          previous = { block, held };
          pending.push(job);
          if (pending.length > deflater.size)
            await flushOne();
        }
        while (pending.length)
          await flushOne();
        if (record.size !== entry.size)
          throw changed(entry);
        record.compressedSize = sink.offset - start;
        await sink.write(dataDescriptor(record));
        return record;
      }
      async function compresses(entry) {
        const handle = await openRegular(entry);
        try {
          const probe = Buffer.alloc(PROBE_BYTES);
          const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, 0);
          if (bytesRead === 0)
            return false;
          const packed = deflateHere(probe.subarray(0, bytesRead), { level: 1 });
          return packed.length <= bytesRead * (1 - MIN_SAVING);
        } finally {
          await handle.close();
        }
      }
      function changed(entry) {
        return new Error(`${entry.name} changed while it was packed: pack a folder that nothing writes to`);
      }
      class ReadAhead {
        entries;
        prepare;
        started = [];
        next = 0;
        held = 0;
        constructor(entries, prepare) {
          this.entries = entries;
          this.prepare = prepare;
        }
        async take(index) {
          this.fill(index);
          const result = await this.started[index];
          this.started[index] = void 0;
          const entry = this.entries[index];
          if (entry.size <= BLOCK)
            this.held -= entry.size;
          return result;
        }
        fill(index) {
          while (this.next < this.entries.length) {
            const entry = this.entries[this.next];
            if (this.next > index && (entry.size > BLOCK || this.held + entry.size > AHEAD_BYTES || this.next - index >= AHEAD_FILES))
              return;
            const job = this.prepare(entry);
            job?.catch(() => void 0);
            this.started[this.next] = job;
            if (entry.size <= BLOCK)
              this.held += entry.size;
            this.next++;
          }
        }
      }
      const WRITES_IN_FLIGHT = 2;
      const GATHER_BYTES = BLOCK;
      const COPIED = { done: Promise.resolve() };
      class Sink {
        handle;
        offset = 0;
        hash = (0, external_node_crypto_.createHash)("md5");
        writes = [];
        gatherRing = new BufferRing(2, GATHER_BYTES);
        gathered;
        gatheredBytes = 0;
        written = 0;
        blocks;
        constructor(handle) {
          this.handle = handle;
        }
        static async open(file) {
          const sink = new Sink(await external_node_fs_.promises.open(file, "w"));
          sink.gathered = await sink.gatherRing.next();
          return sink;
        }
        /** The ring large files are read into: a block for each deflate in flight, the one being read, and its window. */
        blockRing(parallel) {
          this.blocks ??= new BufferRing(parallel + 3, BLOCK);
          return this.blocks;
        }
        /** Hashes and writes `data`; the caller may reuse `data` once the result's `done` has ended. */
        async write(data) {
          this.hash.update(data);
          this.offset += data.length;
          if (data.length <= GATHER_BYTES / 4) {
            if (this.gatheredBytes + data.length > GATHER_BYTES)
              await this.flushGathered();
            data.copy(this.gathered.buffer, this.gatheredBytes);
            this.gatheredBytes += data.length;
            return COPIED;
          }
          await this.flushGathered();
          const done = this.startWrite(data);
          await this.throttle();
          return { done };
        }
        async close() {
          await this.flushGathered();
          while (this.writes.length)
            await this.writes.shift();
          await this.handle.close();
        }
        async destroy() {
          await Promise.allSettled(this.writes);
          await this.handle.close().catch(() => void 0);
        }
        md5() {
          return this.hash.digest("hex");
        }
        /** Writes the gathered bytes; the gather buffer is held until that write ends, and the other one taken. */
        async flushGathered() {
          if (!this.gatheredBytes)
            return;
          const current = this.gathered;
          this.gatherRing.hold(current, this.startWrite(current.buffer.subarray(0, this.gatheredBytes)));
          this.gatheredBytes = 0;
          this.gathered = await this.gatherRing.next();
          await this.throttle();
        }
        /** Starts writing `data` at the next offset; the buffer is in use until the returned job ends. */
        startWrite(data) {
          const at = this.written;
          this.written += data.length;
          const job = this.handle.write(data, 0, data.length, at);
          job.catch(() => void 0);
          this.writes.push(job);
          return job;
        }
        async throttle() {
          while (this.writes.length > WRITES_IN_FLIGHT)
            await this.writes.shift();
        }
      }
      function nameBytes(name) {
        const bytes = new TextEncoder().encode(name);
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      ;
      async function packFolder(folder, name, options = {}) {
        const listing = await listFolder(folder, { repository: options.repository, signal: options.signal });
        options.signal?.throwIfAborted();
        const tempRoot = process.env.RUNNER_TEMP || external_node_os_default().tmpdir();
        await external_node_fs_.promises.mkdir(tempRoot, { recursive: true });
        const dir = await external_node_fs_.promises.mkdtemp(external_node_path_default().join(tempRoot, "hub-push-"));
        const remove = () => external_node_fs_.promises.rm(dir, { recursive: true, force: true });
        options.onCreated?.(remove);
        if (options.signal?.aborted) {
          await remove();
          options.signal.throwIfAborted();
        }
        const file = external_node_path_default().join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, "_")}.zip`);
        let zip;
        try {
          zip = await writeZip(listing.entries, file, options);
        } catch (err) {
          await remove();
          throw err;
        }
        return {
          ...zip,
          leftOut: listing.leftOut,
          usedGitignore: listing.usedGitignore,
          names: listing.entries.map((e) => e.name),
          remove
        };
      }
      ;
      const LEFT_OUT_SHOWN = 10;
      async function checkFolder(job) {
        const nameless = job.forceUpdate !== void 0 && job.secret !== void 0 ? job.forceUpdate : void 0;
        const folder = await readExecutorFolder(job.folder, { nameless });
        info(folder.nameSource === "force-update" ? `the folder gives no executor name: going by force-update ${folder.name}` : `executor name ${folder.name}, from ${folder.nameSource}${job.forceUpdate !== void 0 ? ` (the push updates ${job.forceUpdate})` : ""}`);
        if (job.forceUpdate === void 0) {
          for (const warning of folder.nameWarnings)
            log_warning(warning, { title: "Executor name" });
        }
        const missing = missingEnv(folder.requiredEnv, job.buildEnv);
        if (missing.length > 0) {
          const list = missing.map((k) => `\${${k}}`).join(", ");
          throw new InputError(`requirements.txt uses ${list} but build-env does not set ${missing.length > 1 ? "them" : "it"}: add ${missing.map((k) => `${k}=...`).join(", ")} to build-env.`);
        }
        for (const bare of folder.bareEnv) {
          log_warning(`requirements.txt uses $${bare} without braces: the Hub only substitutes \${${bare}}; write \${${bare}} if it is a build-env variable.`, {
            file: "requirements.txt",
            title: "Unsubstituted variable"
          });
        }
        for (const invalid of folder.invalidEnv) {
          log_warning(`requirements.txt uses \${${invalid}}, which no build-env key can set (keys are upper-case letters, digits and _): rename it.`, {
            file: "requirements.txt",
            title: "Unsettable variable"
          });
        }
        if (job.dockerfile)
          await checkDockerfile(job.folder, job.dockerfile);
        if (job.gpuDockerfile !== "auto" && job.gpuDockerfile !== "none" && job.gpuDockerfile.includes("/")) {
          await checkDockerfile(job.folder, job.gpuDockerfile, "gpu-dockerfile");
        }
        return folder;
      }
      async function pack(ctx, job, name) {
        const { facts, outputs } = ctx;
        const pkg = await timed(facts, "package", () => group(`Package ${name} from ${job.folder}`, async () => {
          const ticker = new Ticker();
          const repository = await repositoryRoot(job.folder, process.env.GITHUB_WORKSPACE);
          let kept = false;
          const made = await packFolder(job.folder, name, {
            repository,
            signal: ctx.signal,
            onProgress: (p) => ticker.due() && info(packingLine(p)),
            // Registered before the zip is written: a failed or cancelled pack leaves nothing behind.
            onCreated: (remove) => ctx.cleanup.push(async () => kept ? void 0 : remove())
          });
          kept = job.dryRun;
          info(`${made.entries} files (${made.usedGitignore ? "rules from .gitignore" : "default ignore list: no .gitignore"})`);
          return made;
        }), (made) => `${made.entries} files, ${formatBytes(made.contentBytes)} into ${formatBytes(made.size)}, ${made.stored} stored as they are; md5 ${made.md5}`);
        for (const item of pkg.leftOut.slice(0, LEFT_OUT_SHOWN))
          log_warning(`left out ${item.name}: ${item.reason}.`, { title: "Left out of the package" });
        const more = pkg.leftOut.slice(LEFT_OUT_SHOWN);
        if (more.length > 0) {
          log_warning(`left out ${more.length} more links or special files: ${shownList(more.map((item) => item.name), 20)}.`, { title: "Left out of the package" });
        }
        if (pkg.lfsPointers.length > 0) {
          facts.lfsPointers = pkg.lfsPointers;
          log_warning(lfsLine(pkg.lfsPointers), { title: "Git LFS pointers in the package" });
        }
        const credentials = likelyCredentials(pkg.names);
        if (credentials.length) {
          const shown = shownList(credentials, 10);
          log_warning(`the package contains ${credentials.length > 1 ? "files that look" : "a file that looks"} like credentials: ${shown}. Whoever can pull the executor can read them: add them to the .gitignore of the folder unless they are meant to be published.`, { title: "Likely credentials in the package" });
        }
        if (job.dockerfile && !pkg.names.includes(job.dockerfile)) {
          throw new InputError(`dockerfile "${job.dockerfile}" is left out of the package (by .gitignore, or as a link out of the repository): un-ignore it or give another dockerfile.`);
        }
        facts.packageSize = pkg.size;
        facts.md5 = pkg.md5;
        facts.files = pkg.entries;
        outputs.set("md5", pkg.md5);
        return pkg;
      }
      ;
      const ONE_TRY = { attempts: 1, baseMs: 0, maxMs: 0, maxRetryAfterMs: 0 };
      const LOOK_AGAIN_MS = [300, 700, 1500, 3e3, 5e3];
      const PAGE = 5;
      const CLOCK_SKEW_MS = 6e4;
      class PushTask {
        hub;
        ref;
        before;
        since;
        constructor(hub, ref, before, since) {
          this.hub = hub;
          this.ref = ref;
          this.before = before;
          this.since = since;
        }
        /** Notes the tasks the executor has before the upload (none when it has none, or they cannot be read). */
        static async before(hub, ref) {
          const since = Date.now();
          const tasks = await hub.listTasks(ref, PAGE, ONE_TRY).catch((err) => isNotFound(err) ? [] : void 0);
          return new PushTask(hub, ref, tasks && new Set(tasks.map((t) => t._id)), since);
        }
        /** One look: the task this push made, if the Hub lists it yet. */
        async look() {
          const tasks = await this.hub.listTasks(this.ref, PAGE, ONE_TRY).catch(() => []);
          const made = tasks.find((t) => this.before ? !this.before.has(t._id) : Date.parse(t.createdAt ?? "") >= this.since - CLOCK_SKEW_MS);
          return made?._id;
        }
        /** Looks until the task is found or `stop` is aborted (the build stream ended); then, once more if not found yet. */
        async find(stop) {
          for (let i = 0; !stop.aborted; i++) {
            const id2 = await this.look();
            if (id2)
              return id2;
            await (0, promises_.setTimeout)(LOOK_AGAIN_MS[Math.min(i, LOOK_AGAIN_MS.length - 1)], void 0, { signal: stop }).catch(() => void 0);
          }
          return this.look();
        }
      }
      ;
      const NEEDS_LOGIN = "this Hub speaks the push generation of the Hub API, where every push needs a login: create a token with `jina auth token create`, store it as a repository secret such as JINA_AUTH_TOKEN and give it to the action as token: ${{ secrets.JINA_AUTH_TOKEN }} (or as env JINA_AUTH_TOKEN); nothing was uploaded.";
      function targetFor(api, job, name, hasToken, existingId2) {
        if (api === "push") {
          if (job.forceUpdate !== void 0 && job.secret)
            return { method: "executor.update", id: job.forceUpdate };
          if (!hasToken)
            throw new InputError(NEEDS_LOGIN);
          return { method: "executor.push", id: name };
        }
        if (hasToken) {
          const id2 = job.forceUpdate ?? existingId2;
          return id2 !== void 0 ? { method: "executor.updateAsync", id: id2 } : { method: "executor.createAsync" };
        }
        return job.forceUpdate !== void 0 ? { method: "executor.update", id: job.forceUpdate } : { method: "executor.create" };
      }
      function uploadFor(job, name, pkg, target, taskRef) {
        const { method } = target;
        const fields = [
          ["public", pyBool(job.visibility === "public")],
          ["private", pyBool(job.visibility === "private")],
          ["md5sum", pkg.md5]
        ];
        if (target.id !== void 0 && method !== "executor.createAsync" && method !== "executor.create")
          fields.push(["id", target.id]);
        if (job.secret && (method === "executor.update" || method === "executor.updateAsync"))
          fields.push(["secret", job.secret]);
        if (job.tags.length)
          fields.push(["tags", job.tags.join(",")]);
        if (job.protectedTags.length)
          fields.push(["immutableTags", job.protectedTags.join(",")]);
        if (Object.keys(job.buildEnv).length)
          fields.push(["buildEnv", JSON.stringify(job.buildEnv)]);
        if (job.dockerfile)
          fields.push(["dockerfile", job.dockerfile]);
        if (job.platform)
          fields.push(["platform", job.platform]);
        if (job.noCache)
          fields.push(["buildWithNoCache", "True"]);
        if (job.verbose)
          fields.push(["verbose", "True"]);
        return {
          method,
          fields,
          file: { path: pkg.file, size: pkg.size, filename: `${name}.zip`, contentType: "application/zip" },
          context: { method, name, forceUpdate: job.forceUpdate, tags: [...job.tags, ...job.protectedTags] },
          buildTimeoutMs: job.timeoutMs,
          ...taskRef !== void 0 ? { taskRef } : {}
        };
      }
      function logRetry(n) {
        info(`upload failed (${n.reason}); try ${n.attempt} of ${n.of} in ${formatSeconds(n.waitMs)}`);
      }
      async function uploadAndBuild(ctx, upload, opts) {
        const tail = new LogTail(opts.verbose);
        let accepted = false;
        const streamEnded = new AbortController();
        let finding;
        const onAccepted = () => {
          accepted = true;
          if (opts.task) {
            finding = opts.task.find(streamEnded.signal).then((id2) => {
              if (id2)
                taskKnown(ctx, id2);
            });
          }
        };
        try {
          return await timed(ctx.facts, "upload and build", () => group(`Upload and build (${upload.method}, ${formatBytes(upload.file.size)})`, () => ctx.client.pushSync(watched(ctx, upload), logRetry, {
            onAccepted,
            onLog: (e) => tail.add(e),
            onWarning: (m) => log_warning(`Hub: ${m}`)
          })));
        } catch (err) {
          streamEnded.abort();
          if (ctx.signal.aborted)
            throw err;
          await finding;
          const taskId = ctx.facts.taskId;
          tail.showOnFailure();
          if (err instanceof BuildTimeout) {
            settle(ctx, "pending");
            throw taskId ? new BuildTimeout(`${err.message.replace(/ \(session [^)]*\)$/, "")}; look it up later with task-id: ${taskId} (session ${ctx.client.sessionId})`, err.details) : err;
          }
          if (accepted)
            ctx.outputs.set("status", "failed");
          if (accepted && err instanceof HubError && err.details.hubMessage && (err.details.status === void 0 || err.details.status === 50003)) {
            const where = `${taskId ? `task ID ${taskId}, ` : ""}session ${ctx.client.sessionId}`;
            throw new BuildFailed(`the build of ${upload.context.name ?? "the executor"} failed: ${err.details.hubMessage} (${where})`);
          }
          throw unknownMethod(err, upload, ctx.client.sessionId);
        } finally {
          streamEnded.abort();
          await finding;
        }
      }
      function unknownMethod(err, upload, sessionId) {
        if (!(err instanceof HubError) || err.details.httpStatus !== 404 || !err.details.hubMessage?.includes(upload.method))
          return err;
        const generation = upload.method === "executor.push" ? "push" : "async";
        return new HubError(`the Hub does not have ${upload.method}, so it does not speak the ${generation} generation of the Hub API: set hub-api to auto, or to the generation it speaks (Hub: ${err.details.hubMessage}; session ${sessionId})`, { ...err.details });
      }
      function taskKnown(ctx, taskId) {
        ctx.outputs.set("task-id", taskId);
        ctx.facts.taskId = taskId;
        info(`build task ${taskId} (session ${ctx.client.sessionId})`);
      }
      async function uploadForBuild(ctx, upload) {
        const { client, outputs, facts } = ctx;
        const { taskId, executor } = await timed(facts, "upload", () => group(`Upload (${upload.method}, ${formatBytes(upload.file.size)})`, async () => {
          const answer = await client.pushAsync(watched(ctx, upload), logRetry).catch((err) => {
            throw unknownMethod(err, upload, client.sessionId);
          });
          info(`build task ${answer.taskId} (session ${client.sessionId})`);
          return answer;
        }), uploadDetail(upload));
        outputs.set("task-id", taskId);
        facts.taskId = taskId;
        if (executor) {
          outputs.set("name", executor.name);
          outputs.set("id", executor.id);
          facts.id = executor.id;
        }
        return taskId;
      }
      function watched(ctx, upload) {
        ctx.facts.stage = "upload";
        const ticker = new Ticker();
        const start = external_node_perf_hooks_.performance.now();
        return {
          ...upload,
          signal: ctx.signal,
          onBodyProgress: (sent, total) => {
            if (sent < total && ticker.due())
              info(uploadingLine(sent, total, external_node_perf_hooks_.performance.now() - start));
          }
        };
      }
      const uploadDetail = (upload) => (_, ms) => `${formatBytes(upload.file.size)} at ${rate(upload.file.size, ms)}`;
      ;
      async function publishExecutor(ctx, job) {
        const { outputs, facts } = ctx;
        const folder = await checkFolder(job);
        facts.name = folder.name;
        facts.visibility = job.visibility;
        facts.buildEnvNames = Object.keys(job.buildEnv);
        const hub = job.dryRun ? void 0 : await hubSide(ctx, job);
        const pkg = await pack(ctx, job, folder.name);
        const gpuDockerfile = gpuDockerfileOf(job, pkg.names);
        if (job.dryRun || !hub) {
          outputs.set("package-path", pkg.file);
          settle(ctx, "dry-run");
          info(`dry run: ${folder.name} passed every check${gpuDockerfile ? ` (and has a GPU variant from ${gpuDockerfile})` : ""}; the package is ${pkg.file} (md5 ${pkg.md5}); nothing was uploaded`);
          return;
        }
        const existing = await alreadyPublished(ctx, hub, job, folder.name, pkg.md5);
        if (existing) {
          skipped(ctx, existing, job, folder.name, pkg.md5);
        } else {
          await pushOnce(ctx, hub, job, folder.name, pkg);
        }
        if (gpuDockerfile)
          await pushGpu(ctx, hub, job, folder.name, pkg, gpuDockerfile);
      }
      async function hubSide(ctx, job) {
        const hasToken = ctx.request.token !== void 0;
        const withSecret = job.forceUpdate !== void 0 && job.secret !== void 0;
        if (ctx.generation.known === "push" && !hasToken && !withSecret)
          throw new InputError(NEEDS_LOGIN);
        const api = await ctx.generation.get();
        if (api === "push") {
          if (!hasToken && !withSecret)
            throw new InputError(NEEDS_LOGIN);
          return { api, owner: await ctx.owner.get(true) };
        }
        if (job.platform) {
          ctx.generation.warnOnce("platform", `platform ${job.platform} is sent, but this Hub speaks the async generation of the Hub API, which may ignore it (platform came with the push generation)`);
        }
        const owner = await ctx.owner.get(false, "executors are not looked up by name: a first publish goes to createAsync, where the Hub finds the executor by the name in the package, and re-runs are not checked before uploading");
        return { api, owner };
      }
      function executorRef(hub, job, name) {
        return job.forceUpdate ?? (hub.owner !== void 0 ? ownedRef(hub.owner, name) : void 0);
      }
      function gpuDockerfileOf(job, names) {
        if (job.gpuDockerfile === "none")
          return void 0;
        if (job.gpuDockerfile === "auto")
          return names.includes(GPU_DOCKERFILE) && job.dockerfile !== GPU_DOCKERFILE ? GPU_DOCKERFILE : void 0;
        if (!names.includes(job.gpuDockerfile)) {
          throw new InputError(`gpu-dockerfile "${job.gpuDockerfile}" is not in the package of ${job.folder}: add it, un-ignore it, or set gpu-dockerfile: none.`);
        }
        return job.gpuDockerfile;
      }
      function gpuTags(tags) {
        return tags.map((t) => `${t}-gpu`);
      }
      async function alreadyPublished(ctx, hub, job, name, md5) {
        if (ctx.request.token === void 0 || job.protectedTags.length === 0)
          return void 0;
        const ref = executorRef(hub, job, name);
        if (ref === void 0)
          return void 0;
        let same;
        for (const tag of job.protectedTags) {
          let version;
          try {
            version = await ctx.client.getPackage(ref, tag);
          } catch (err) {
            if (ctx.signal.aborted)
              throw err;
            info(`could not look up ${name}:${tag} before uploading (${messageOf(err)}); pushing, and the Hub refuses a protected tag that exists`);
            return void 0;
          }
          if (!version)
            return void 0;
          if (version.md5 !== md5) {
            throw new InputError(`the protected tag ${tag} of ${name} already holds another package (md5 ${version.md5}, this one ${md5}): a protected tag is pushed once; push a new version tag.`);
          }
          same ??= version;
        }
        return same;
      }
      function skipped(ctx, existing, job, name, md5) {
        const executor = withFallbacks(existing.executor, job, name);
        settle(ctx, "skipped", executor);
        const tags = job.protectedTags;
        info(`${name}:${tags.join(", ")} already ${tags.length > 1 ? "hold" : "holds"} this package (md5 ${md5}): nothing uploaded (status: skipped)`);
      }
      async function pushGpu(ctx, hub, job, name, pkg, dockerfile) {
        const main = ctx.outputs.values;
        const gpuJob = {
          ...job,
          dockerfile,
          tags: gpuTags(tagsOrLatest(job)),
          protectedTags: gpuTags(job.protectedTags),
          // An anonymous first publish made the executor: its variant updates it with the secret it was given.
          ...ctx.request.token === void 0 && job.forceUpdate === void 0 ? { forceUpdate: main.id, secret: main.secret } : {}
        };
        info(`GPU variant of ${name} from ${dockerfile}, tagged ${gpuJob.tags.join(", ")}`);
        const gpu = { ...ctx, outputs: new Outputs(false), facts: { ...ctx.facts, phases: [] } };
        try {
          const existing = await alreadyPublished(gpu, hub, gpuJob, name, pkg.md5);
          if (existing)
            skipped(gpu, existing, gpuJob, name, pkg.md5);
          else
            await pushOnce(gpu, hub, gpuJob, name, pkg);
        } finally {
          ctx.outputs.set("gpu-task-id", gpu.outputs.values["task-id"]);
          ctx.outputs.set("gpu-status", gpu.outputs.values.status);
          for (const [phase, ms] of gpu.facts.phases)
            ctx.facts.phases.push([`GPU ${phase}`, ms]);
        }
      }
      async function pushOnce(ctx, hub, job, name, pkg) {
        const { outputs, facts } = ctx;
        const hasToken = ctx.request.token !== void 0;
        const target = targetFor(hub.api, job, name, hasToken, await existingId(ctx, hub, job, name));
        const ref = target.method === "executor.push" && hub.owner !== void 0 ? ownedRef(hub.owner, name) : target.method === "executor.create" ? name : target.id ?? (hub.owner !== void 0 ? ownedRef(hub.owner, name) : void 0);
        const upload = uploadFor(job, name, pkg, target, hasToken ? ref : void 0);
        outputs.set("visibility", job.visibility);
        if (target.method === "executor.createAsync" || target.method === "executor.push")
          outputs.set("name", name);
        const lookup = (reported, taskId2) => publishedExecutor(ctx, reported, {
          ref: reported.id ?? outputs.values.id ?? ref,
          tag: tagsOrLatest(job)[0],
          secret: job.secret,
          expectOwner: hasToken,
          what: name,
          taskId: taskId2
        }).then((executor) => withFallbacks(executor, job, name));
        if (target.method === "executor.create" || target.method === "executor.update" || target.method === "executor.push") {
          if (hub.api === "push" && job.forceUpdate !== void 0 && target.method === "executor.push" && job.forceUpdate !== name) {
            info(`force-update ${job.forceUpdate} without a secret: this Hub updates by name, so the package goes to executor.push as ${name}`);
          }
          if (!job.wait)
            info("wait: false has no effect here: this Hub builds while it answers the upload, so the step waits for the build");
          const task = hasToken && hub.api === "push" && ref !== void 0 ? await PushTask.before(ctx.client, ref) : void 0;
          const reported = await uploadAndBuild(ctx, upload, { verbose: job.verbose, task });
          published(ctx, await lookup(reported, facts.taskId));
          return;
        }
        const taskId = await uploadForBuild(ctx, upload);
        if (!job.wait) {
          settle(ctx, "pending");
          info(`not waiting for the build (wait: false): follow it with task-id: ${taskId}`);
          return;
        }
        await follow(ctx, taskId, {
          verbose: job.verbose,
          replayFirst: true,
          timeoutMs: job.timeoutMs,
          showLog: job.verbose,
          resolve: (reported) => lookup(reported, taskId)
        });
      }
      async function existingId(ctx, hub, job, name) {
        if (hub.api !== "async" || ctx.request.token === void 0 || job.forceUpdate !== void 0 || hub.owner === void 0)
          return void 0;
        const ref = ownedRef(hub.owner, name);
        try {
          const executor = await ctx.client.findExecutor(ref);
          if (executor)
            info(`${ref} exists (ID ${executor.id}): this version goes to executor.updateAsync`);
          return executor?.id;
        } catch (err) {
          if (ctx.signal.aborted)
            throw err;
          info(`could not look up ${ref} (${messageOf(err)}): sending executor.createAsync, where the Hub finds the executor by the name in the package`);
          return void 0;
        }
      }
      function tagsOrLatest(job) {
        return job.tags.length ? job.tags : ["latest"];
      }
      function withFallbacks(executor, job, name) {
        const requested = [.../* @__PURE__ */ new Set([...tagsOrLatest(job), ...job.protectedTags])];
        const tags = executor.commit?.tags?.length ? executor.commit.tags : requested;
        return { ...executor, name: executor.name ?? name, commit: { ...executor.commit, tags } };
      }
      ;
      async function status_status(ctx, job) {
        const { client, outputs, facts } = ctx;
        let taskId = job.taskId;
        let ref;
        if (taskId === void 0) {
          const folder = await readExecutorFolder(job.folder);
          facts.name = folder.name;
          const owner = await ctx.owner.get(false, `the newest build is looked up as ${folder.name}, as the Hub resolves that name`);
          ref = owner ? ownedRef(owner, folder.name) : folder.name;
          const tasks = await client.listTasks(ref, 1).catch((err) => {
            if (isNotFound(err))
              return [];
            throw err;
          });
          const newest = tasks[0];
          if (!newest)
            throw new InputError(`no build of ${folder.name}${owner ? ` (as ${ref})` : ""} was found on the Hub: push it first, or give task-id.`);
          taskId = newest._id;
          info(`newest build of ${ref}: task ${taskId}`);
        }
        outputs.set("task-id", taskId);
        facts.taskId = taskId;
        const id2 = taskId;
        await follow(ctx, taskId, {
          verbose: job.verbose,
          replayFirst: job.replay,
          timeoutMs: job.timeoutMs,
          showLog: job.verbose || job.replay,
          resolve: (reported) => publishedExecutor(ctx, reported, { ref, expectOwner: ctx.request.token !== void 0 && ref?.includes("/") === true, what: ref ?? "the executor", taskId: id2 })
        });
      }
      ;
      async function run(env = process.env) {
        const read = (name) => core.V4(name);
        const { secrets: secrets2, notSecretKeys } = inputSecrets(read, env);
        for (const secret of secrets2)
          addSecret(secret.value, secret.label === "the executor secret" ? "executor-secret" : "credential", secret.label);
        const notice = notSecretNotice(notSecretKeys);
        if (notice)
          info(notice);
        const outputs = new Outputs();
        const facts = newFacts();
        const cancellation = new cancel.mT();
        let http;
        const cleanup = [];
        const summaries = [];
        try {
          const request = parseInputs(read, env);
          facts.mode = request.job.kind;
          http = new HubHttp(request.registry, request.token, { stallTimeoutMs: request.stallTimeoutMs });
          const client = new HubClient(http);
          const generation = new HubGeneration(client, request.hubApi);
          const owner = new TokenOwner(client, request.token !== void 0);
          const ctx = { request, client, generation, owner, outputs, facts, cleanup, signal: cancellation.signal };
          const job = request.job;
          const onFailure = (f, err) => recordFailure(f, err, http?.sessionId);
          await cancellation.race(job.kind === "push" ? publishAll(ctx, job, env, summaries, publishExecutor, onFailure) : status_status(ctx, job));
        } catch (err) {
          if (cancellation.cancelled) {
            if (facts.taskId)
              outputs.set("status", "pending");
            facts.outcome = facts.taskId ? "pending" : "failed";
            facts.reason = cancelledMessage(err instanceof cancel.cJ ? err : new cancel.cJ("SIGTERM"), facts, http?.sessionId);
          } else {
            recordFailure(facts, err, http?.sessionId);
          }
          fail(facts.reason ?? "");
        } finally {
          for (const step of cleanup)
            await step().catch(() => void 0);
          await (cancellation.cancelled ? http?.destroy() : http?.close());
          await (summaries.length > 1 ? writeSummaries(summaries) : writeSummary(facts)).catch((err) => log_warning(`could not write the job summary: ${messageOf(err)}`));
          cancellation.dispose();
        }
        if (cancellation.cancelled)
          process.exit(1);
      }
    })
  )
};
