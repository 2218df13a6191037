/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, the whole catalogue as the driver's
 * rules (so a result's rule has its help text even when it is the first of its kind), and results
 * with paths relative to the repository root (`%SRCROOT%`, the folder the command ran in).
 */
import type * as Sarif from 'sarif';
import { catalogue } from '../catalogue.js';
import type { Severity } from '../diagnostic.js';
import { displayPath, effectiveSeverity, locate, messageOf, type Formatter } from './located.js';
import { citation } from './pretty.js';
import { isAbsolutePath } from '../../project/paths.js';

const levelOf: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

export const formatSarif: Formatter = (files, _summary, options) => {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const [code, entry] of catalogue) {
    ruleIndex.set(code, rules.length);
    rules.push({
      id: code,
      name: entry.name,
      shortDescription: { text: entry.title },
      fullDescription: { text: entry.explanation },
      help: { text: entry.explanation },
      defaultConfiguration: { level: levelOf[entry.severity] },
      properties: { tags: [entry.area] },
    });
  }

  const results: Sarif.Result[] = [];
  for (const file of files) {
    const path = displayPath(file.source.fileName, options.cwd);
    // A file outside the working folder has no path relative to the repository root.
    const artifactLocation = isAbsolutePath(path)
      ? { uri: `file://${path.startsWith('/') ? '' : '/'}${encodeURI(path)}` }
      : { uri: encodeURI(path), uriBaseId: '%SRCROOT%' };
    for (const diagnostic of file.diagnostics) {
      const { line, column, endLine, endColumn } = locate(file.source, diagnostic.range);
      const message = diagnostic.policy ? `${messageOf(diagnostic)}\n${citation(diagnostic.policy)}` : messageOf(diagnostic);
      const index = ruleIndex.get(diagnostic.code);
      results.push({
        ruleId: diagnostic.code,
        ...(index !== undefined && { ruleIndex: index }),
        level: levelOf[effectiveSeverity(diagnostic)],
        message: { text: message },
        locations: [
          {
            physicalLocation: {
              artifactLocation,
              region: { startLine: line, startColumn: column, endLine, endColumn },
            },
          },
        ],
        ...(diagnostic.waived && {
          suppressions: [{ kind: 'inSource', justification: diagnostic.waived.reason }],
        }),
      });
    }
  }

  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'jig',
            semanticVersion: options.version,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
