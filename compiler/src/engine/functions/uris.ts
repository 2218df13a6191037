/** URI parsing functions, on the WHATWG URL parser. */
import { ExpressionError } from '../errors.js';
import { define, stringArg, type FunctionSpec } from './spec.js';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'ftp:': 21, 'ws:': 80, 'wss:': 443 };

function parseUri(name: string, text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new ExpressionError(`The template language function '${name}' expects its parameter to be an absolute URI; '${text}' is not one.`);
  }
}

function uriFunction(name: string, part: (url: URL) => string | number): FunctionSpec {
  return define('uri', name, 1, 1, (args) => part(parseUri(name, stringArg(name, args, 0))));
}

export const uriFunctions: FunctionSpec[] = [
  uriFunction('uriHost', (url) => url.hostname),
  uriFunction('uriPath', (url) => url.pathname || '/'),
  uriFunction('uriPathAndQuery', (url) => `${url.pathname || '/'}${url.search}`),
  uriFunction('uriPort', (url) => (url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? -1) : Number(url.port))),
  uriFunction('uriQuery', (url) => url.search),
  uriFunction('uriScheme', (url) => url.protocol.replace(/:$/, '')),
];
