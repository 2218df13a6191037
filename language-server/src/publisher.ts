/**
 * The diagnostics pass of open documents: check, publish, and remember the complete check so
 * that the next edit inside one flow is answered from that flow first (quick-check.ts). Findings
 * in jig.yaml and policy files are published on those files, once per change.
 */
import { MessageType, ShowMessageNotification, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Compilation, SourceFile, lookupCode, type Diagnostic } from '../../compiler/src/index.js';
import { publish, toLspDiagnostic } from './diagnostics.js';
import { diagnosticsOf, type CheckedDocument, type Compilations } from './documents.js';
import { mergeQuickCheck, planQuickCheck, type CompleteCheck } from './quick-check.js';
import { pathToUri } from './uri.js';

export class DiagnosticsPublisher {
  /** The last complete check of each open document. */
  private readonly completeChecks = new Map<string, CompleteCheck>();
  /** What was last published on each project and policy file, so that fixing them clears them. */
  private readonly publishedFileDiagnostics = new Map<string, string>();
  /** Problems shown as messages (they have no file), each once until the settings change. */
  private readonly shownProblems = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly compilations: Compilations,
    private readonly explainBaseUrl: () => string | undefined,
    /** Called when a document's flows changed as other files see them (`call flow`). */
    private readonly flowsChanged: (uri: string) => void,
  ) {}

  /**
   * Checks an open document and publishes its findings. An edit inside one flow is answered from
   * that flow first (quick-check.ts); the complete check follows a stage at a time, giving way
   * between stages to newer edits and to requests, and stops when the document has moved on.
   */
  async check(document: TextDocument): Promise<void> {
    const isCurrent = (version: number): boolean => this.documents.get(document.uri)?.version === version;
    try {
      const result = await this.compilations.get(document);
      if (!isCurrent(result.version)) return;
      const { compilation } = result;
      const previous = this.completeChecks.get(document.uri);
      const plan = previous && !result.policy.broken ? planQuickCheck(previous, compilation.source.text) : undefined;
      if (plan) {
        const masked = new Compilation(new SourceFile(compilation.source.fileName, plan.masked), compilation.options);
        await this.publish(result, mergeQuickCheck(plan, masked.diagnostics), result.version);
      }
      for (const stage of [() => compilation.syntax, () => compilation.model, () => diagnosticsOf(result)]) {
        await giveWay();
        if (!isCurrent(result.version)) return;
        stage();
      }
      const diagnostics = diagnosticsOf(result);
      const file = compilation.syntax.file;
      this.completeChecks.set(document.uri, { text: compilation.source.text, file, diagnostics });
      await this.publish(result, diagnostics, result.version);
      if (previous && flowSignature(previous) !== flowSignature({ text: compilation.source.text, file })) {
        this.flowsChanged(document.uri);
      }
    } catch (error) {
      this.connection.console.error(`jig: check of ${document.uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  /** Publishes a document's findings and those of its project and policy files; returns the error and warning counts. */
  async publish(result: CheckedDocument, diagnostics: readonly Diagnostic[], version?: number): Promise<[errors: number, warnings: number]> {
    const source = result.compilation.source;
    const problem = result.policy.settingProblem;
    if (problem && !this.shownProblems.has(problem)) {
      this.shownProblems.add(problem);
      // A notification, not window.showWarningMessage: that one is a request that waits for the user.
      await this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: problem });
    }
    await publish(
      this.connection,
      result.uri,
      diagnostics.map((diagnostic) =>
        toLspDiagnostic(diagnostic, {
          source,
          uri: result.uri,
          explainBaseUrl: this.explainBaseUrl(),
          otherSource: result.otherSource,
          nameOf: (code) => lookupCode(code)?.name,
        }),
      ),
      version,
    );
    for (const [fileName, entry] of result.policy.fileDiagnostics) {
      const uri = pathToUri(fileName);
      const converted = entry.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, { source: entry.source, uri }));
      // Every open document of a project reports its jig.yaml: publish each change once.
      const key = JSON.stringify(converted);
      if ((this.publishedFileDiagnostics.get(uri) ?? '[]') === key) continue;
      this.publishedFileDiagnostics.set(uri, key);
      await publish(this.connection, uri, converted);
    }
    const counted = diagnostics.filter((d) => !d.waived);
    return [counted.filter((d) => d.severity === 'error').length, counted.filter((d) => d.severity === 'warning').length];
  }

  /** A closed document: nothing of it is kept, and its findings are cleared in the editor. */
  async closed(uri: string): Promise<void> {
    this.completeChecks.delete(uri);
    await publish(this.connection, uri, []);
  }

  /** After a policy, project or source file changed on disk: the next check is a complete one. */
  forgetCompleteChecks(): void {
    this.completeChecks.clear();
    this.shownProblems.clear();
  }
}

/** What other files see of a file's flows: their names, triggers and annotations, as written. */
function flowSignature(check: Pick<CompleteCheck, 'text' | 'file'>): string {
  return check.file.declarations
    .flatMap((declaration) => {
      if (declaration.kind !== 'Flow') return [];
      const { annotations, trigger } = declaration;
      const written = (range: { start: number; end: number }) => check.text.slice(range.start, range.end);
      return [[declaration.name.name, trigger ? written(trigger.range) : '', ...annotations.map((annotation) => written(annotation.range))].join('\u0000')];
    })
    .join('\u0001');
}

/** Lets the messages that arrived meanwhile (an edit, a hover) be handled before going on. */
function giveWay(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
