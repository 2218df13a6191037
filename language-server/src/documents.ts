/**
 * One Compilation per open document and version. A compilation is built on first need (a
 * diagnostic pass, a hover, a completion) and reused until the document or the policy changes, so
 * an edit re-checks only the document edited, and a request after it reuses the check's work.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Compilation, SourceFile, compareDiagnostics, type Diagnostic } from '../../compiler/src/index.js';
import type { PolicyResolution, ProjectPolicies } from './project.js';
import type { ProjectFlows } from './project-flows.js';
import { pathToUri, uriToPath } from './uri.js';

export interface CheckedDocument {
  readonly uri: string;
  readonly version: number;
  readonly compilation: Compilation;
  readonly policy: PolicyResolution;
  /** The text of another file of the project, for ranges that point into it. */
  readonly otherSource: (fileName: string) => SourceFile | undefined;
  /** What the project's other files make of this one: its flows another file declares first. */
  readonly projectDiagnostics: () => readonly Diagnostic[];
}

export class Compilations {
  /** By URI: the compilation of one version under one policy generation. */
  private readonly cache = new Map<string, { readonly key: string; readonly checked: Promise<CheckedDocument> }>();
  private generation = 0;

  constructor(
    private readonly policies: ProjectPolicies,
    private readonly flows: ProjectFlows,
  ) {}

  /** The compilation of the document's current text. */
  get(document: TextDocument): Promise<CheckedDocument> {
    return this.getText(document.uri, document.version, document.getText());
  }

  getText(uri: string, version: number, text: string): Promise<CheckedDocument> {
    const key = `${this.generation}:${version}`;
    const cached = this.cache.get(uri);
    if (cached?.key === key) return cached.checked;
    const checked = this.compile(uri, version, text);
    this.cache.set(uri, { key, checked });
    return checked;
  }

  private async compile(uri: string, version: number, text: string): Promise<CheckedDocument> {
    const path = uriToPath(uri);
    const policy = await this.policies.resolve(path);
    const project = path ? await this.flows.resolverFor(path, policy.projectRoot, policy.policy, policy.standardApp) : undefined;
    const compilation = new Compilation(new SourceFile(path ?? uri, text), {
      policy: policy.policy,
      project: policy.project,
      ...(project && { flows: project.flows, projectData: project.projectData }),
      ...(project?.appParameters && { appParameters: project.appParameters }),
    });
    let duplicates: readonly Diagnostic[] | undefined;
    return {
      uri,
      version,
      policy,
      compilation,
      otherSource: (fileName) => this.flows.sourceOf(fileName),
      projectDiagnostics: () => (duplicates ??= project ? project.duplicates(compilation.syntax.file) : []),
    };
  }

  /** The compilation of the other file of `document`'s project that declares the flow `name`. */
  async declaring(document: CheckedDocument, name: string): Promise<CheckedDocument | undefined> {
    const path = uriToPath(document.uri);
    if (!path) return undefined;
    const { flows } = await this.flows.resolverFor(path, document.policy.projectRoot, document.policy.policy);
    const file = flows.resolve(name)?.fileName;
    const text = file !== undefined ? await this.flows.textOf(file) : undefined;
    return file !== undefined && text !== undefined ? this.once(pathToUri(file), text) : undefined;
  }

  /** A compilation of a file the editor has not opened (not cached: nothing will ask again). */
  once(uri: string, text: string): Promise<CheckedDocument> {
    return this.compile(uri, 0, text);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** After a policy or project file changed: every document is compiled again on next need. */
  invalidateAll(): void {
    this.generation++;
    this.policies.invalidate();
    this.flows.invalidate();
  }

  /** After a .jig file changed on disk: the flows other documents call may have changed. */
  invalidateFlows(): void {
    this.generation++;
    this.flows.invalidate();
  }
}

/**
 * What the editor shows for a document: every stage's findings, but none of the policy stage's
 * when the project's policy could not be loaded (the document was checked against no policy).
 */
export function diagnosticsOf(document: CheckedDocument): readonly Diagnostic[] {
  const { compilation, policy } = document;
  const own = policy.broken ? [...compilation.syntax.diagnostics, ...compilation.model.diagnostics] : compilation.diagnostics;
  const project = document.projectDiagnostics();
  return project.length === 0 ? own : [...own, ...project].sort(compareDiagnostics);
}
