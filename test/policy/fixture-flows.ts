/**
 * The policy fixtures as the fixture-rewriting tests see them: each fixture's findings (under the
 * fixtures' policy and project, or the embedded policy where the fixture asks for it), and its
 * flows started by a request, in parts, for rewriting.
 */
import { compileText } from '../../compiler/src/compilation.js';
import { fixtureProject, policyFor } from './helpers.js';

const project = fixtureProject();

export interface Finding {
  readonly code: string;
  readonly error: boolean;
  readonly waived: boolean;
}

export function findings(path: string, text: string): Finding[] {
  const policy = policyFor(text);
  return compileText(path, text, { policy, project }).diagnostics.map((d) => ({ code: d.code, error: d.severity === 'error', waived: !!d.waived }));
}

export const CATEGORY_ANNOTATION = /@(?:personal|business|system|aggregate)(?:\.\w+)*/g;

/** A flow that starts with `trigger http post body TYPE`, in parts. */
export interface RequestFlow {
  readonly annotations: string;
  readonly name: string;
  readonly type: string;
  /** TYPE's declaration in the file, if it is declared there. */
  readonly declaration?: string;
  /** The whole flow, from its first annotation to its closing brace. */
  readonly text: string;
  /** Its steps after the trigger, one a line. */
  readonly steps: readonly string[];
}

export function requestFlows(text: string): RequestFlow[] {
  return [...text.matchAll(/^((?:@.*\n)+)flow (\w+) \{\n {2}trigger http post body (\w+)[ \t]*\n((?:(?!\}\n).*\n)*?)\}$/gm)].map(([whole, annotations, name, type, steps]) => ({
    annotations: annotations!,
    name: name!,
    type: type!,
    declaration: new RegExp(`^type ${type} \\{\\n[\\s\\S]*?^\\}`, 'm').exec(text)?.[0],
    text: whole,
    steps: steps!.replace(/\n$/, '').split('\n'),
  }));
}

