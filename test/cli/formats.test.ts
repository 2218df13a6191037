import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { unexpectedToken } from '../../compiler/src/diagnostics/catalogue/syntax.js';
import { duplicateFlow } from '../../compiler/src/diagnostics/catalogue/project.js';
import { catalogue } from '../../compiler/src/diagnostics/catalogue.js';
import { formatGithub, escapeData, escapeProperty } from '../../compiler/src/diagnostics/format/github.js';
import { formatJson } from '../../compiler/src/diagnostics/format/json.js';
import { formatPretty, summaryLine } from '../../compiler/src/diagnostics/format/pretty.js';
import { formatSarif } from '../../compiler/src/diagnostics/format/sarif.js';
import { displayPath, summarize, type FileDiagnostics } from '../../compiler/src/diagnostics/format/located.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';

const text = 'flow a {\n  trigger http post\n  let x = \n}\n';
const source = new SourceFile('/work/project/flows/a.jig', text);
const at = (needle: string) => {
  const start = text.indexOf(needle);
  return { start, end: start + needle.length };
};
const policy = { id: 'jigajob', version: '2023-08-27', section: '3', quote: 'We do not share data with third parties.', rule: 's03-sharing' };
const files: FileDiagnostics[] = [
  {
    source,
    diagnostics: [
      unexpectedToken(at('}'), { found: "'}'", expected: 'an expression' }),
      { ...duplicateFlow(at('a'), { name: 'a', otherFile: 'b.jig' }), severity: 'warning', policy, pointer: '/actions/Send' },
    ],
  },
];
const summary = summarize(files, 3);
const options = { cwd: '/work/project', color: false, version: '9.9.9' };

describe('the pretty format', () => {
  const output = formatPretty(files, summary, options);

  it('starts each finding with file:line:col: severity CODE message', () => {
    expect(output).toContain("flows/a.jig:4:1: error JIG1001 Expected an expression but found '}'.");
    expect(output).toContain('flows/a.jig:1:6: warning JIG5004 ');
  });

  it('shows a code frame with a caret under the finding', () => {
    expect(output).toContain('  3 |   let x = \n> 4 | }\n    | ^');
  });

  it('cites the policy sentence of a policy finding', () => {
    expect(output).toContain('policy jigajob 2023-08-27 §3: "We do not share data with third parties."');
  });

  it('ends with a summary line and uses no colour unless asked', () => {
    expect(output.trimEnd().split('\n').at(-1)).toBe('1 error, 1 warning in 3 files.');
    expect(output).not.toContain('\u001b[');
    expect(formatPretty(files, summary, { ...options, color: true })).toContain('\u001b[');
  });

  it('says so when there is nothing to report', () => {
    expect(summaryLine({ files: 1, errors: 0, warnings: 0, infos: 0 })).toBe('No problems in 1 file.');
  });

  it('frames a finding in a huge file without slowing down', () => {
    const big = new SourceFile('/work/project/big.jig', 'let x = 1\n'.repeat(200_000) + '}');
    const started = performance.now();
    const many: FileDiagnostics = {
      source: big,
      diagnostics: Array.from({ length: 200 }, (_, i) =>
        unexpectedToken({ start: i * 50_000, end: i * 50_000 + 3 }, { found: 'x', expected: 'y' }),
      ),
    };
    const framed = formatPretty([many], summarize([many], 1), options);
    expect(framed).toContain('big.jig:195001:1: error JIG1001');
    expect(framed).toContain('> 195001 | let x = 1\n         | ^^^');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('the json format', () => {
  const report = JSON.parse(formatJson(files, summary, options));

  it('follows the version 1 contract exactly', () => {
    expect(report).toEqual({
      version: 1,
      diagnostics: [
        {
          file: 'flows/a.jig',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 2,
          severity: 'error',
          code: 'JIG1001',
          message: "Expected an expression but found '}'.",
        },
        {
          file: 'flows/a.jig',
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 7,
          severity: 'warning',
          code: 'JIG5004',
          message: "The flow 'a' is also declared in b.jig; flow names must be unique across the project, ignoring case.",
          policy: { id: 'jigajob', version: '2023-08-27', section: '3', rule: 's03-sharing', quote: 'We do not share data with third parties.' },
          pointer: '/actions/Send',
        },
      ],
      summary: { files: 3, errors: 1, warnings: 1, infos: 0 },
    });
  });
});

describe('the sarif format', () => {
  const log = JSON.parse(formatSarif(files, summary, options));
  const run = log.runs[0];

  it('is SARIF 2.1.0 with the whole catalogue as rules', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('jig');
    expect(run.tool.driver.semanticVersion).toBe('9.9.9');
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([...catalogue.keys()]);
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'JIG1001');
    expect(rule).toMatchObject({
      name: 'unexpected-token',
      shortDescription: { text: 'Unexpected token' },
      defaultConfiguration: { level: 'error' },
    });
    expect(rule.help.text.length).toBeGreaterThan(50);
  });

  it('gives each result a rule, a level, a message and a relative location', () => {
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'JIG1001');
    expect(result).toMatchObject({
      level: 'error',
      ruleIndex: [...catalogue.keys()].indexOf('JIG1001'),
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'flows/a.jig', uriBaseId: '%SRCROOT%' },
            region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 2 },
          },
        },
      ],
    });
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'JIG5004').level).toBe('warning');
  });

  it('gives a file outside the working folder a file: URI', () => {
    const outside = formatSarif([{ source: new SourceFile('/elsewhere/my flows/b.jig', 'x'), diagnostics: files[0]!.diagnostics }], summary, options);
    const location = JSON.parse(outside).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: 'file:///elsewhere/my%20flows/b.jig' });
  });

  it('has the shape the SARIF schema requires of a log', () => {
    // The parts of the SARIF 2.1.0 schema that code scanning relies on.
    const validate = new Ajv({ strict: false }).compile({
      type: 'object',
      required: ['version', 'runs'],
      properties: {
        runs: {
          type: 'array',
          items: {
            type: 'object',
            required: ['tool'],
            properties: {
              tool: { type: 'object', required: ['driver'], properties: { driver: { type: 'object', required: ['name'] } } },
              results: {
                type: 'array',
                items: { type: 'object', required: ['message'], properties: { message: { type: 'object', required: ['text'] } } },
              },
            },
          },
        },
      },
    });
    expect(validate(log)).toBe(true);
  });
});

describe('the github format', () => {
  it('writes one workflow command per finding', () => {
    expect(formatGithub(files, summary, options).trimEnd().split('\n')).toEqual([
      "::error file=flows/a.jig,line=4,col=1,endLine=4,endColumn=2,title=JIG1001::Expected an expression but found '}'.",
      "::warning file=flows/a.jig,line=1,col=6,endLine=1,endColumn=7,title=JIG5004::The flow 'a' is also declared in b.jig; flow names must be unique across the project, ignoring case.",
    ]);
  });

  it('escapes what would end the command early', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });
});

describe('file names', () => {
  it('are shown relative to the working folder', () => {
    expect(displayPath('/work/project/a.jig', '/work/project')).toBe('a.jig');
    expect(displayPath('/work/other/a.jig', '/work/project')).toBe('../other/a.jig');
    expect(displayPath('/elsewhere/a.jig', '/work/project')).toBe('/elsewhere/a.jig');
  });
});

describe('related places and fixes in the machine formats', () => {
  const child = new SourceFile('/work/project/flows/child.jig', 'flow child {\n  @data(business)\n}\n');
  const base = unexpectedToken(at('}'), { found: "'}'", expected: 'an expression' });
  const diagnostic = {
    ...base,
    related: [
      { message: 'the value comes in here', range: at('trigger') },
      { message: "the child flow's declaration", range: { start: 13, end: 28 }, fileName: child.fileName },
      { message: 'a file whose text is not at hand', range: { start: 0, end: 1 }, fileName: '/work/project/gone.jig' },
    ],
    fixes: [
      { title: 'Write a value', isPreferred: true, edits: [{ range: { start: at('}').start, end: at('}').start }, newText: '0\n' }] },
      { title: "Declare it in the child's @data", edits: [{ range: { start: 27, end: 27 }, newText: ', personal' }, { range: at('let x'), newText: 'let y', fileName: undefined }, { range: { start: 13, end: 13 }, newText: '', fileName: child.fileName }] },
    ],
  };
  const withRelated: FileDiagnostics[] = [{ source, diagnostics: [diagnostic] }];
  const sourceOf = (fileName: string) => (fileName === child.fileName ? child : undefined);
  const located = { ...options, sourceOf };

  it('json: lists each related place that can be located, in its own file or another', () => {
    const [entry] = JSON.parse(formatJson(withRelated, summary, located)).diagnostics;
    expect(entry.related).toEqual([
      { file: 'flows/a.jig', line: 2, column: 3, endLine: 2, endColumn: 10, message: 'the value comes in here' },
      { file: 'flows/child.jig', line: 2, column: 1, endLine: 2, endColumn: 16, message: "the child flow's declaration" },
    ]);
    expect(entry.fixes.map((fix: { title: string }) => fix.title)).toEqual(['Write a value', "Declare it in the child's @data"]);
  });

  it('sarif: related places are relatedLocations, fixes are artifact changes grouped by file', () => {
    const [result] = JSON.parse(formatSarif(withRelated, summary, located)).runs[0].results;
    expect(result.relatedLocations).toEqual([
      { id: 0, message: { text: 'the value comes in here' }, physicalLocation: { artifactLocation: { uri: 'flows/a.jig', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 10 } } },
      { id: 1, message: { text: "the child flow's declaration" }, physicalLocation: { artifactLocation: { uri: 'flows/child.jig', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 16 } } },
    ]);
    expect(result.fixes).toEqual([
      {
        description: { text: 'Write a value' },
        artifactChanges: [{ artifactLocation: { uri: 'flows/a.jig', uriBaseId: '%SRCROOT%' }, replacements: [{ deletedRegion: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 1 }, insertedContent: { text: '0\n' } }] }],
      },
      {
        description: { text: "Declare it in the child's @data" },
        artifactChanges: [
          {
            artifactLocation: { uri: 'flows/a.jig', uriBaseId: '%SRCROOT%' },
            replacements: [
              { deletedRegion: { startLine: 2, startColumn: 19, endLine: 2, endColumn: 19 }, insertedContent: { text: ', personal' } },
              { deletedRegion: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 8 }, insertedContent: { text: 'let y' } },
            ],
          },
          { artifactLocation: { uri: 'flows/child.jig', uriBaseId: '%SRCROOT%' }, replacements: [{ deletedRegion: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 }, insertedContent: { text: '' } }] },
        ],
      },
    ]);
  });

  it('leaves out a fix that edits a file whose text is not at hand, in both formats', () => {
    const json = JSON.parse(formatJson(withRelated, summary, options)).diagnostics[0];
    const sarif = JSON.parse(formatSarif(withRelated, summary, options)).runs[0].results[0];
    expect(json.fixes.map((fix: { title: string }) => fix.title)).toEqual(['Write a value']);
    expect(sarif.fixes.map((fix: { description: { text: string } }) => fix.description.text)).toEqual(['Write a value']);
    expect(json.related).toHaveLength(1);
    expect(sarif.relatedLocations).toHaveLength(1);
  });
});
