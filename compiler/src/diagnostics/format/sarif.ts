/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, the whole catalogue as the driver's
 * rules (so a result's rule has its help text even when it is the first of its kind), and results
 * with paths relative to the repository root (`%SRCROOT%`, the folder the command ran in).
 */
import type * as Sarif from 'sarif';
import { catalogue } from '../catalogue.js';
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { SourceFile } from '../../syntax/source.js';
import { displayPath, effectiveSeverity, locate, locatedFixes, locateElsewhere, messageOf, type FormatOptions, type Formatter, type Location } from './located.js';
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
    const artifactLocation = artifactLocationOf(displayPath(file.source.fileName, options.cwd));
    for (const diagnostic of file.diagnostics) {
      const { line, column, endLine, endColumn } = locate(file.source, diagnostic.range);
      const message = diagnostic.policy ? `${messageOf(diagnostic)}\n${citation(diagnostic.policy)}` : messageOf(diagnostic);
      const index = ruleIndex.get(diagnostic.code);
      results.push({
        ruleId: diagnostic.code,
        ...(index !== undefined && { ruleIndex: index }),
        level: levelOf[effectiveSeverity(diagnostic)],
        message: { text: message },
        locations: [{ physicalLocation: { artifactLocation, region: regionOf({ line, column, endLine, endColumn }) } }],
        ...relatedLocationsOf(diagnostic, file.source, options),
        ...fixesOf(locatedFixes(diagnostic, file.source, options)),
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

/** A file outside the working folder has no path relative to the repository root. */
function artifactLocationOf(path: string): Sarif.ArtifactLocation {
  return isAbsolutePath(path) ? { uri: `file://${path.startsWith('/') ? '' : '/'}${encodeURI(path)}` } : { uri: encodeURI(path), uriBaseId: '%SRCROOT%' };
}

const regionOf = ({ line, column, endLine, endColumn }: Location): Sarif.Region => ({ startLine: line, startColumn: column, endLine, endColumn });

/** Where a category came in, the first declaration…: code scanning links them from the result. */
function relatedLocationsOf(diagnostic: Diagnostic, own: SourceFile, options: FormatOptions): { relatedLocations?: Sarif.Location[] } {
  const locations = (diagnostic.related ?? []).flatMap((information, index): Sarif.Location[] => {
    const place = locateElsewhere(own, information, options);
    return place ? [{ id: index, message: { text: information.message }, physicalLocation: { artifactLocation: artifactLocationOf(place.file), region: regionOf(place) } }] : [];
  });
  return locations.length > 0 ? { relatedLocations: locations } : {};
}

/** The quick fixes, as SARIF's artifact changes: one per file a fix edits. */
function fixesOf(fixes: ReturnType<typeof locatedFixes>): { fixes?: Sarif.Fix[] } {
  if (fixes.length === 0) return {};
  return {
    fixes: fixes.map(({ fix, edits }) => {
      const byFile = new Map<string, Sarif.Replacement[]>();
      for (const edit of edits) {
        const replacements = byFile.get(edit.file) ?? [];
        replacements.push({ deletedRegion: regionOf(edit), insertedContent: { text: edit.newText } });
        byFile.set(edit.file, replacements);
      }
      return {
        description: { text: fix.title },
        artifactChanges: [...byFile].map(([file, replacements]) => ({ artifactLocation: artifactLocationOf(file), replacements })),
      };
    }),
  };
}
