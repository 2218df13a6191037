import { describe, expect, it } from 'vitest';
import { pathToUri, uriToPath } from '../../language-server/src/uri.js';

describe('file URIs and paths', () => {
  it.each([
    ['file:///home/ana/flows/a.jig', '/home/ana/flows/a.jig'],
    ['file:///home/ana/my%20flows/a%23b.jig', '/home/ana/my flows/a#b.jig'],
    ['file:///c%3A/Users/ana/a.jig', 'c:/Users/ana/a.jig'],
    ['file:///C:/Users/ana/a.jig', 'C:/Users/ana/a.jig'],
    ['file:///tmp/%C3%BC/%E0%A4%A.jig', '/tmp/ü/%E0%A4%A.jig'],
  ])('reads %s as %s', (uri, path) => {
    expect(uriToPath(uri)).toBe(path);
  });

  it('has no path for documents that are not files', () => {
    expect(uriToPath('untitled:Untitled-1')).toBeUndefined();
  });

  it('writes a path back to a URI that reads as the same path', () => {
    for (const path of ['/home/ana/my flows/a#b.jig', 'c:/Users/ana/a.jig', '/tmp/ü/ß.jig']) {
      expect(uriToPath(pathToUri(path))).toBe(path);
    }
    expect(pathToUri('/home/ana/my flows/a.jig')).toBe('file:///home/ana/my%20flows/a.jig');
  });
});
