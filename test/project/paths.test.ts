import { describe, expect, it } from 'vitest';
import { basename, dirname, normalizePath, relativePath, resolvePath } from '../../compiler/src/project/paths.js';

describe('paths', () => {
  it('normalizes separators, dots and repeated slashes', () => {
    expect(normalizePath('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(normalizePath('C:\\work\\x.jig')).toBe('C:/work/x.jig');
    expect(normalizePath('/..')).toBe('/');
    expect(normalizePath('a/../..')).toBe('..');
  });

  it('resolves against a base unless already absolute', () => {
    expect(resolvePath('/w/p', '../q/x.yaml')).toBe('/w/q/x.yaml');
    expect(resolvePath('/w/p', '/abs/x.yaml')).toBe('/abs/x.yaml');
  });

  it('splits folder and name, stopping at the root', () => {
    expect(dirname('/w/p/jig.yaml')).toBe('/w/p');
    expect(dirname('/w')).toBe('/');
    expect(dirname('/')).toBe('/');
    expect(basename('/w/p/jig.yaml')).toBe('jig.yaml');
  });

  it('makes a path relative to a folder', () => {
    expect(relativePath('/w/p', '/w/p/a/b.jig')).toBe('a/b.jig');
    expect(relativePath('/w/p', '/w/q/b.jig')).toBe('../q/b.jig');
    expect(relativePath('/w/p', '/w/p')).toBe('.');
  });
});
