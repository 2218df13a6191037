/**
 * The params that the files of one Standard app declare, for the check that two files declare a
 * name alike (semantics/app-parameters.ts). A file is compared with the files before it in
 * file-name order, so that a clash is reported once, at the later declaration, whichever files a
 * command names. `check` and `build` add each file's model as they compile it (in that order); the
 * language server and `loadWorkspace` register the files, analysed only when a later file asks.
 */
import type { SemanticModel } from '../semantics/model.js';
import { paramDeclarations, type AppParameters, type SharedParameter } from '../semantics/app-parameters.js';
import type { SourceFile } from '../syntax/source.js';
import type { Target } from '../emit/targets/options.js';

/** A file of the app, compiled: its text (for positions and messages) and its model. */
export interface CompiledAppFile {
  readonly source: SourceFile;
  readonly model: SemanticModel;
}

export class AppParameterIndex {
  private readonly added = new Set<string>();
  /** Every declaration of a name, in the order files were added. */
  private readonly byName = new Map<string, SharedParameter[]>();
  private readonly pending = new Map<string, () => CompiledAppFile | undefined>();

  /** `display` names a file in messages (relative to where the command runs, or to the project). */
  constructor(private readonly display: (fileName: string) => string) {}

  /** A file whose model is computed only when a file after it asks. */
  register(fileName: string, compiled: () => CompiledAppFile | undefined): void {
    if (!this.added.has(fileName)) this.pending.set(fileName, compiled);
  }

  /** A file just compiled (once a file: a file added again is left as it was). */
  add(file: CompiledAppFile): void {
    const fileName = file.source.fileName;
    this.pending.delete(fileName);
    if (this.added.has(fileName)) return;
    this.added.add(fileName);
    const display = this.display(fileName);
    for (const declaration of paramDeclarations(file.model, file.source.text)) {
      const { line, character } = file.source.positionAt(declaration.range.start);
      const declarations = this.byName.get(declaration.name) ?? [];
      this.byName.set(declaration.name, declarations);
      declarations.push({ ...declaration, fileName, where: `${display}:${line + 1}:${character + 1}` });
    }
  }

  /** What a file's compilation compares its params with: the files before it. */
  before(fileName: string): AppParameters {
    return { earlier: (name) => this.earlier(name, fileName) };
  }

  private earlier(name: string, fileName: string): SharedParameter | undefined {
    for (const [pendingName, compiled] of this.pending) {
      if (pendingName >= fileName) continue;
      this.pending.delete(pendingName);
      // Another file that cannot be compiled is that file's finding, never this one's.
      let file: CompiledAppFile | undefined;
      try {
        file = compiled();
      } catch {
        file = undefined;
      }
      if (file) this.add(file);
    }
    let first: SharedParameter | undefined;
    for (const declaration of this.byName.get(name) ?? []) {
      if (declaration.fileName < fileName && (!first || declaration.fileName < first.fileName)) first = declaration;
    }
    return first;
  }
}

/** The layout a project is built in: the command's `--target`, else jig.yaml's, else Consumption. */
export function effectiveTarget(configured: Target | undefined, override: Target | undefined): Target {
  return override ?? configured ?? 'consumption';
}
