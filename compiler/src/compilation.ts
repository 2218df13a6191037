/**
 * One file through the pipeline. Each stage runs once, lazily, on the immutable result of the
 * stage before: the language server asks only for what a request needs (a hover needs no policy
 * check), and `check` and `build` go on to emit, in memory, for what the service would refuse.
 * Errors stop emission, never the earlier stages.
 */
import { SourceFile, inAnyRange, type TextRange } from './syntax/source.js';
import { parse, type ParseResult } from './syntax/parser.js';
import { analyze } from './semantics/checker.js';
import type { FlowResolver, SemanticModel } from './semantics/model.js';
import { checkPolicy, type PolicyResult } from './policy/checker.js';
import type { Policy } from './policy/model.js';
import { compareDiagnostics, hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import { emitWorkflows, type EmittedWorkflow } from './emit/workflow.js';
import { checkLimits } from './emit/limits.js';
import { DataResolver, ProjectFacts } from './flow/project-data.js';
import { NO_PROJECT_SETTINGS, type ProjectSettings } from './policy/destinations.js';
import { checkAppParameters, type AppParameters } from './semantics/app-parameters.js';

export interface CompilationOptions {
  readonly policy: Policy;
  /** Flows of the other files of the project, for `call flow`. */
  readonly flows?: FlowResolver;
  /**
   * What the project's other files store and pass (flow/project-data.ts); the file's own writes
   * are added to it. Without it the file is checked as a project of its own.
   */
  readonly projectData?: ProjectFacts;
  /** What the project adds to the platform, and the values jig.yaml gives parameters. */
  readonly project?: ProjectSettings;
  /**
   * For a file of a Standard app (one parameters.json for every workflow): the params of the app's
   * files before this one, which this file's params of the same name must match.
   */
  readonly appParameters?: AppParameters;
}

export class Compilation {
  private parsed?: ParseResult;
  private semanticModel?: SemanticModel;
  private policyCheck?: PolicyResult;
  private dataResolver?: DataResolver;
  private emitted?: { workflows: readonly EmittedWorkflow[]; diagnostics: readonly Diagnostic[] };
  private beforeEmission?: readonly Diagnostic[];
  private allDiagnostics?: readonly Diagnostic[];

  constructor(
    readonly source: SourceFile,
    readonly options: CompilationOptions,
  ) {}

  get policy(): Policy {
    return this.options.policy;
  }

  get syntax(): ParseResult {
    return (this.parsed ??= parse(this.source));
  }

  get model(): SemanticModel {
    return (this.semanticModel ??= analyze(this.syntax.file, {
      policy: this.options.policy,
      flows: this.options.flows,
      deployTimeParameters: deployTimeParameters(this.projectSettings),
      parameterValues: plainParameterValues(this.projectSettings),
    }));
  }

  /** Resolves the project's data for this file's checks and emission; it remembers what it read. */
  get resolver(): DataResolver {
    if (!this.dataResolver) {
      const facts = this.options.projectData ?? new ProjectFacts();
      facts.addFile(this.source.fileName, this.model);
      this.dataResolver = new DataResolver(facts, this.source.fileName);
    }
    return this.dataResolver;
  }

  get projectSettings(): ProjectSettings {
    return this.options.project ?? NO_PROJECT_SETTINGS;
  }

  /**
   * The same file checked again with the values `jig deploy` read for its deploy-time parameters:
   * the policy check sees them as destinations (a URL, a mail recipient), and the analysis of values
   * as the places a request reads (a store, run history, a flow's trigger).
   */
  withDeployValues(values: ReadonlyMap<string, string>): Compilation {
    return new Compilation(this.source, { ...this.options, project: { ...this.projectSettings, deployValues: values } });
  }

  get policyResult(): PolicyResult {
    return (this.policyCheck ??= checkPolicy(this.model, this.options.policy, this.resolver, this.projectSettings));
  }

  /** The diagnostics of the stages up to the policy check (a Standard app's shared params included), in source order. */
  private get checkedDiagnostics(): readonly Diagnostic[] {
    if (!this.beforeEmission) {
      const app = this.options.appParameters;
      const shared = app ? checkAppParameters(this.model, this.source.text, app) : [];
      const later = [...this.model.diagnostics, ...shared, ...this.policyResult.diagnostics];
      this.beforeEmission = [...this.syntax.diagnostics, ...outsideRecovered(later, this.syntax.recovered)].sort(compareDiagnostics);
    }
    return this.beforeEmission;
  }

  /**
   * Every diagnostic of every stage, in source order: up to the policy check and, for a file without
   * errors so far, what Logic Apps would refuse in the workflows it becomes (emission's findings and
   * the service limits). `jig check`, the language server and `jig build` all report these, so a
   * file that checks clean builds.
   */
  get diagnostics(): readonly Diagnostic[] {
    if (!this.allDiagnostics) {
      const checked = this.checkedDiagnostics;
      const emitted = this.emissionDiagnostics();
      this.allDiagnostics = emitted.length === 0 ? checked : [...checked, ...emitted].sort(compareDiagnostics);
    }
    return this.allDiagnostics;
  }

  /**
   * Emission's diagnostics: those of the workflows `emit` made, else of an emission for diagnostics
   * alone (EmitOptions.forDiagnostics: the same findings without what only a written workflow
   * shows), whose workflows are dropped. So `jig check` and the language server do not pay for
   * what only `jig build` writes; a build asks `emit` first and emits once.
   */
  private emissionDiagnostics(): readonly Diagnostic[] {
    if (this.emitted) return this.emitted.diagnostics;
    if (hasErrors(this.checkedDiagnostics)) return [];
    return withLimits(emitWorkflows(this.model, this.policy, { sourceName: this.source.fileName, resolver: this.resolver, forDiagnostics: true })).diagnostics;
  }

  get hasErrors(): boolean {
    return hasErrors(this.diagnostics);
  }

  /**
   * The workflows of the file's flows, with the diagnostics of emission (service limits, save
   * rules), which `diagnostics` includes. Nothing is emitted for a file with errors before emission,
   * but those whose codes `despite` lists (jig import's rebuild: findings that stand for a hole the
   * author must fill, such as a placeholder URL).
   */
  emit(despite?: ReadonlySet<string>): { workflows: readonly EmittedWorkflow[]; diagnostics: readonly Diagnostic[] } {
    const blocking = despite ? this.checkedDiagnostics.filter((d) => !despite.has(d.code)) : this.checkedDiagnostics;
    if (hasErrors(blocking)) return { workflows: [], diagnostics: [] };
    return (this.emitted ??= withLimits(emitWorkflows(this.model, this.policy, { sourceName: this.source.fileName, resolver: this.resolver })));
  }
}

/** Drops what the stages after parsing found where recovery guessed the tree: the syntax error is the cause. */
function outsideRecovered(diagnostics: readonly Diagnostic[], recovered: readonly TextRange[] | undefined): readonly Diagnostic[] {
  if (!recovered?.length) return diagnostics;
  return diagnostics.filter((d) => !inAnyRange(recovered, d.range.start));
}

/** Emission's own diagnostics, then the service limits and save rules of what it emitted. */
function withLimits(emitted: { workflows: EmittedWorkflow[]; diagnostics: Diagnostic[] }) {
  const limits = emitted.workflows.flatMap(checkLimits);
  return { workflows: emitted.workflows, diagnostics: [...emitted.diagnostics, ...limits].sort(compareDiagnostics) };
}

/** The parameters jig.yaml fills from the environment or Key Vault: known only at deploy time. */
function deployTimeParameters(project: ProjectSettings): ReadonlySet<string> {
  const names = new Set<string>();
  for (const [name, value] of project.parameterValues) if (value === 'deploy-time') names.add(name);
  return names;
}

/**
 * The values jig.yaml gives parameters in its own text, and, checked again by `jig deploy`, the
 * values it read for the others from the environment or Key Vault: where a request goes decides
 * what it reads too (a URL that names a Cosmos DB container answers with what is kept there, rule
 * 2), so the analysis of values reads them as it reads a plain value. Their values stay unknown
 * (`deployTimeParameters`, rule 1).
 */
function plainParameterValues(project: ProjectSettings): ReadonlyMap<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of project.parameterValues) if (value !== 'deploy-time') values.set(name, value);
  for (const [name, value] of project.deployValues ?? []) if (!values.has(name)) values.set(name, value);
  return values;
}

export function compileText(fileName: string, text: string, options: CompilationOptions): Compilation {
  return new Compilation(new SourceFile(fileName, text), options);
}
