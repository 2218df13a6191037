/**
 * The compiler's public face: everything the CLI's siblings (the language server, the browser
 * playground, the VS Code extension) use of the compiler, so that its stages can be reorganised
 * without touching them. Nothing here touches Node: callers hand it text, or a `FileSystem`
 * (`node.ts` adds the Node one). A front end imports this file, never a stage's own files
 * (test/language-server/public-face.test.ts keeps the language server to it).
 */

// One file through the pipeline.
export { Compilation, compileText, type CompilationOptions } from './compilation.js';

// Text and syntax.
export { SourceFile, type TextRange, type Position } from './syntax/source.js';
export { decodeSource, type DecodeResult } from './syntax/decode.js';
export * as tree from './syntax/tree.js';
export { parse, type ParseResult } from './syntax/parser.js';
export { tokenize, type ClassifiedToken, type TokenClass } from './syntax/lexer.js';
export { childrenOf, walk } from './syntax/visit.js';
export { formatSource } from './syntax/printer.js';

// Names, types and categories.
export type {
  SemanticModel,
  JigSymbol,
  SymbolKind,
  CategoryFlow,
  CategoryOrigin,
  FlowResolver,
  ExternalFlow,
} from './semantics/model.js';
export type { Type, RecordType, RecordFieldType } from './semantics/types.js';
export { typeToString } from './semantics/types.js';
export { PRIMITIVES, stripOptional } from './semantics/relations.js';
export { BUILTINS, signatureOf, parameterAt, type BuiltinFunction, type BuiltinParameter } from './semantics/builtins.js';

// Editor services: what stands at a position.
export { nodePathAt, namedAt, type NamedAt } from './services/position.js';
export { valueAt, type ValueAt, type CategorySource } from './services/value-at.js';

// The policy.
export type { Policy, RuleDefinition } from './policy/model.js';
export { loadPolicy, loadEmbeddedPolicy, type PolicyResolver, type LoadPolicyResult } from './policy/load.js';

// Diagnostics.
export type { Diagnostic, Severity, Fix, TextEdit, PolicyCitation } from './diagnostics/diagnostic.js';
export { compareDiagnostics } from './diagnostics/diagnostic.js';
export { catalogue, lookupCode } from './diagnostics/catalogue.js';
export { configPolicyNotFound } from './diagnostics/catalogue/project.js';

// Outputs: workflow files by target, the data map.
export { renderTarget, TARGETS, type Target, type OutputFile } from './emit/targets/index.js';
export { buildDataMap, type DataMap } from './report/datamap.js';
export { renderMarkdown } from './report/markdown.js';

// Runs: a flow of a compiled file on the local engine (the playground's Run panel).
export { runnableFlows, runFlow, type RunnableFlow, type FlowRunInput, type FlowRunResult, type ChildFlowSource } from './testing/flow-run.js';
export type { RunRecord, ActionRun, TriggerRun, HttpResponseRecord } from './engine/index.js';
export type { EmittedWorkflow } from './emit/workflow.js';

// Projects: files, jig.yaml, paths.
export type { FileSystem, FileStat, DirectoryEntry } from './project/host.js';
export { memoryFileSystem } from './project/memory-host.js';
export { ConfigLocator, type ConfigReadResult, type ProjectConfig, type ProjectFileRead } from './project/config.js';
export { projectRoots, refusalMessage } from './project/named-files.js';
export { loadPolicyFile } from './project/policy-source.js';
export type { PolicyLoad, PolicyRequest } from './project/workspace.js';
export { expandPaths, projectSettings } from './project/workspace.js';
export { ProjectFacts } from './flow/project-data.js';
export { servingFlows } from './flow/serving-flows.js';
export { AppParameterIndex } from './project/app-parameters.js';
export type { AppParameters } from './semantics/app-parameters.js';
export type { ProjectSettings } from './policy/destinations.js';
export { declaredFlows, describeFlow, duplicatesAgainst, flowKeywordNames } from './project/project-flows.js';
export { dirname, isAbsolutePath, relativePath, resolvePath } from './project/paths.js';
