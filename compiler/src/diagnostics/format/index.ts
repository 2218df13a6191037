/** The output formats of `jig check` and `jig build`, by the name `--format` takes. */
import type { Formatter } from './located.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatPretty } from './pretty.js';
import { formatSarif } from './sarif.js';

export const formatters: Readonly<Record<string, Formatter>> = {
  pretty: formatPretty,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
};

export const formatNames = Object.keys(formatters);
