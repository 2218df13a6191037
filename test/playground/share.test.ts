/** The playground's shareable link: the document survives the fragment, and a damaged link says so. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFragment, encodeFragment } from '../../language-server/playground/src/share.js';

describe('the shared link', () => {
  it('carries any text and file name through the fragment unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 2000 }), fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/), async (text, stem) => {
        const fragment = await encodeFragment({ name: `${stem}.jig`, text });
        // Nothing a URL would escape or a mail client would cut at.
        expect(fragment).toMatch(/^#file=[a-z0-9_]+\.jig&code=[A-Za-z0-9_-]*$/);
        expect(await decodeFragment(fragment)).toEqual({ name: `${stem}.jig`, text });
      }),
      { numRuns: 200 },
    );
  });

  it('compresses: a 300-line flow fits a link', async () => {
    const text = Array.from({ length: 300 }, (_, line) => `  let total${line} = order.total * ${line}`).join('\n');
    const fragment = await encodeFragment({ name: 'big.jig', text });
    expect(fragment.length).toBeLessThan(text.length / 4);
  });

  it('keeps file names that could climb folders out of the project', async () => {
    for (const name of ['../jig.yaml', '/etc/passwd.jig', 'policy/x.jig', 'a b.jig', '']) {
      const fragment = (await encodeFragment({ name: 'x.jig', text: 'flow f {}' })).replace('file=x.jig', `file=${encodeURIComponent(name)}`);
      expect(await decodeFragment(fragment)).toEqual({ name: 'shared.jig', text: 'flow f {}' });
    }
  });

  it('says a link that was cut short or altered cannot be read', async () => {
    const fragment = await encodeFragment({ name: 'x.jig', text: 'flow order_sync {\n  trigger http post\n}\n'.repeat(5) });
    const error = { error: 'The link’s source could not be read: it may have been cut short when it was copied.' };
    expect(await decodeFragment(fragment.slice(0, -10))).toEqual(error);
    expect(await decodeFragment(fragment.replace('code=', 'code=%%'))).toEqual(error);
    expect(await decodeFragment('#file=x.jig&code=AAAA')).toEqual(error);
  });

  it('finds no document in an empty fragment or one without source', async () => {
    expect(await decodeFragment('')).toBeUndefined();
    expect(await decodeFragment('#file=x.jig')).toBeUndefined();
  });
});
