/**
 * The IANA zone a Windows time-zone name (`Pacific Standard Time`) means, from windows-iana. A
 * bundle gets the table computed when it is built instead (scripts/build-time-modules.mjs), the
 * same answers without the library's territories and aliases, which are most of its 77 KB.
 */
import { findIana } from 'windows-iana';

export function windowsZone(name: string): string | undefined {
  return findIana(name)[0];
}
