/**
 * The shareable link: the document's file name and its text in the URL's fragment, the text
 * compressed with the browser's own CompressionStream (raw deflate) and written in base64url. A
 * fragment never reaches a server, so a link works from any static host and tells it nothing.
 */

export interface SharedDocument {
  /** The file name in the examples project (`order_sync.jig`). */
  readonly name: string;
  readonly text: string;
}

/** What a file name in a link may be: a plain `.jig` file name, nothing that climbs folders. */
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\.jig$/;

/** The fragment (with its `#`) that carries the document. */
export async function encodeFragment(document: SharedDocument): Promise<string> {
  const compressed = await pipe(new TextEncoder().encode(document.text), new CompressionStream('deflate-raw'));
  return `#${new URLSearchParams({ file: document.name, code: toBase64Url(compressed) })}`;
}

/**
 * The document a fragment carries: undefined for a fragment that carries none (an empty one),
 * an error message for one that cannot be read (cut short, or not made here).
 */
export async function decodeFragment(fragment: string): Promise<SharedDocument | { readonly error: string } | undefined> {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const code = params.get('code');
  if (code === null) return undefined;
  const name = params.get('file') ?? '';
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(code), new DecompressionStream('deflate-raw')));
    return { name: FILE_NAME.test(name) ? name : 'shared.jig', text };
  } catch {
    return { error: 'The link’s source could not be read: it may have been cut short when it was copied.' };
  }
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}
