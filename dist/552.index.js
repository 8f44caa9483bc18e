export const id = 552;
export const ids = [552];
export const modules = {
  /***/
  9552: (
    /***/
    ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {
      __webpack_require__.r(__webpack_exports__);
      __webpack_require__.d(__webpack_exports__, {
        MAX_ANNOTATION: () => (
          /* binding */
          MAX_ANNOTATION
        ),
        addSecret: () => (
          /* binding */
          addSecret
        ),
        addSecretsIn: () => (
          /* binding */
          addSecretsIn
        ),
        cut: () => (
          /* binding */
          cut
        ),
        debug: () => (
          /* binding */
          debug
        ),
        drained: () => (
          /* binding */
          drained
        ),
        error: () => (
          /* binding */
          error
        ),
        fail: () => (
          /* binding */
          fail
        ),
        group: () => (
          /* binding */
          group
        ),
        info: () => (
          /* binding */
          info
        ),
        linesOf: () => (
          /* binding */
          linesOf
        ),
        neutralizeLine: () => (
          /* binding */
          neutralizeLine
        ),
        safeLines: () => (
          /* binding */
          safeLines
        ),
        scrub: () => (
          /* binding */
          scrub
        ),
        secretIn: () => (
          /* binding */
          secretIn
        ),
        warning: () => (
          /* binding */
          warning
        ),
        withPrefix: () => (
          /* binding */
          withPrefix
        )
      });
      var external_node_async_hooks_ = __webpack_require__(6698);
      var core = __webpack_require__(3838);
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
      function addSecret(value, kind = "credential", label = kind === "credential" ? "a credential" : "the executor secret") {
        if (!value)
          return;
        const known = secrets.get(value);
        if (known) {
          if (kind === "executor-secret")
            secrets.set(value, { kind, label });
          return;
        }
        secrets.set(value, { kind, label });
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
      function warning(text, props) {
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
    })
  )
};
