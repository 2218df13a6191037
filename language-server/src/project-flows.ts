/**
 * `call flow NAME` across files: the flows the other `.jig` files of a document's project declare
 * (the folder of its jig.yaml, at any depth; without one, the files beside it). Open documents
 * count with their unsaved text, the rest as on disk. Each other file is parsed once a text and
 * checked only as far as a caller needs (its flow's trigger body type and `@data`).
 */
import {
  Compilation,
  SourceFile,
  decodeSource,
  describeFlow,
  dirname,
  expandPaths,
  flowKeywordNames,
  ProjectFacts,
  AppParameterIndex,
  relativePath,
  servingFlows,
  declaredFlows,
  duplicatesAgainst,
  type AppParameters,
  type Diagnostic,
  type FileSystem,
  type FlowResolver,
  type Policy,
  type tree,
} from '../../compiler/src/index.js';

/** How many `.jig` files a project may have before the server stops indexing it for `call flow`. */
const MAX_PROJECT_FILES = 2000;

export class ProjectFlows {
  private readonly listings = new Map<string, Promise<readonly string[]>>();
  private readonly diskTexts = new Map<string, Promise<string | undefined>>();
  private readonly compiled = new Map<string, { text: string; policy: Policy; compilation: Compilation }>();

  constructor(
    private readonly fs: FileSystem | undefined,
    /** The text of an open document at a path, if one is open. */
    private readonly openText: (path: string) => string | undefined,
  ) {}

  /** After files were created, changed or deleted on disk. */
  invalidate(): void {
    this.listings.clear();
    this.diskTexts.clear();
  }

  /**
   * The flows of the project's other files, as `path`'s compilation resolves them, and what they
   * store and pass (their models are analysed only when the document's check asks).
   */
  async resolverFor(
    path: string,
    projectRoot: string | undefined,
    policy: Policy,
    standardApp = false,
  ): Promise<{ flows: FlowResolver; projectData: ProjectFacts; appParameters?: AppParameters; duplicates: (own: tree.JigFile) => Diagnostic[] }> {
    const others = (await this.list(projectRoot ?? dirname(path), projectRoot !== undefined)).filter((file) => file !== path);
    const texts = await Promise.all(others.map(async (file) => [file, await this.textOf(file)] as const));
    const files = texts.flatMap(([file, text]) => (text === undefined ? [] : [this.compilationOf(file, text, policy)]));
    const declared = (name: string): { compilation: Compilation; flow: tree.FlowDecl } | undefined => {
      for (const compilation of files) {
        const flow = compilation.syntax.file.declarations.find(
          (declaration): declaration is tree.FlowDecl => declaration.kind === 'Flow' && declaration.name.name === name,
        );
        if (flow) return { compilation, flow };
      }
      return undefined;
    };
    const afterFlow = new Map<string, number>();
    for (const compilation of files) flowKeywordNames(compilation.source.text, afterFlow);
    const projectData = new ProjectFacts();
    for (const compilation of files) {
      projectData.register(compilation.source.fileName, () => compilation.model);
      // Whether a store keeps people out of the rights flows' reach needs the project's serving flows (§6).
      if (compilation.source.text.includes('@rights')) projectData.registerServingFlows(compilation.source.fileName, servingFlows(compilation.syntax.file));
    }
    const flows: FlowResolver = {
      // The document's own calls are its own to see; any mention after `flow` in another file may be one.
      mayBeCalledElsewhere: (name) => (afterFlow.get(name) ?? 0) > 0,
      names: () =>
        files.flatMap((compilation) =>
          compilation.syntax.file.declarations.flatMap((declaration) => (declaration.kind === 'Flow' ? [declaration.name.name] : [])),
        ),
      resolve: (name) => {
        const found = declared(name);
        return found && describeFlow(found.compilation, found.flow);
      },
    };
    const folder = projectRoot ?? dirname(path);
    // Two files declaring one flow name: an error in the later one, as `jig check` reports it.
    const duplicates = (own: tree.JigFile) =>
      duplicatesAgainst(
        path,
        declaredFlows(own),
        files.map((compilation) => ({ fileName: compilation.source.fileName, text: compilation.source.text, declared: () => declaredFlows(compilation.syntax.file) })),
        (fileName) => relativePath(folder, fileName),
      );
    if (!standardApp) return { flows, projectData, duplicates };
    // A Standard app's params: the document's must match those of the files before it.
    const app = new AppParameterIndex((fileName) => relativePath(folder, fileName));
    for (const compilation of files) app.register(compilation.source.fileName, () => compilation);
    return { flows, projectData, duplicates, appParameters: app.before(path) };
  }

  /** The text of a file of the project: the open document's, else the one on disk. */
  async textOf(file: string): Promise<string | undefined> {
    return this.openText(file) ?? (await this.readDisk(file));
  }

  /** The text of another file of a project, as last read, for ranges that point into it. */
  sourceOf(file: string): SourceFile | undefined {
    return this.compiled.get(file)?.compilation.source;
  }

  private compilationOf(file: string, text: string, policy: Policy): Compilation {
    const cached = this.compiled.get(file);
    if (cached && cached.text === text && cached.policy === policy) return cached.compilation;
    // No resolver of its own: a caller needs only the flow's own trigger and annotations.
    const compilation = new Compilation(new SourceFile(file, text), { policy });
    this.compiled.set(file, { text, policy, compilation });
    return compilation;
  }

  private list(directory: string, recursive: boolean): Promise<readonly string[]> {
    const key = `${recursive}:${directory}`;
    let listing = this.listings.get(key);
    if (!listing) {
      listing = this.scan(directory, recursive);
      this.listings.set(key, listing);
    }
    return listing;
  }

  private async scan(directory: string, recursive: boolean): Promise<readonly string[]> {
    if (!this.fs) return [];
    try {
      const files = recursive
        ? await expandPaths(this.fs, directory, ['.'])
        : (await this.fs.readDirectory(directory))
            .filter((entry) => entry.kind === 'file' && entry.name.endsWith('.jig'))
            .map((entry) => `${directory === '/' ? '' : directory}/${entry.name}`);
      return files.slice(0, MAX_PROJECT_FILES);
    } catch {
      // A folder without .jig files, or one that cannot be read.
      return [];
    }
  }

  private readDisk(file: string): Promise<string | undefined> {
    let text = this.diskTexts.get(file);
    if (!text) {
      text = this.fs!.readFile(file).then(
        (bytes) => decodeSource(file, bytes).source?.text,
        () => undefined,
      );
      this.diskTexts.set(file, text);
    }
    return text;
  }
}
