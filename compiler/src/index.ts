/**
 * The compiler's public API: what the CLI, the language server and the extension import. The
 * compiler core never touches the file system, the process or the console; callers hand it text.
 */
export { SourceFile, type TextRange, type Position } from './syntax/source.js';
export * as tree from './syntax/tree.js';
export { parse, type ParseResult } from './syntax/parser.js';
export { Compilation, compileText, type CompilationOptions } from './compilation.js';
export type { SemanticModel, JigSymbol, CategoryFlow, FlowResolver, ExternalFlow } from './semantics/model.js';
export type { Type } from './semantics/types.js';
export { typeToString } from './semantics/types.js';
export type { Policy } from './policy/model.js';
export type { Diagnostic, Severity, Fix, TextEdit, PolicyCitation } from './diagnostics/diagnostic.js';
export { catalogue, lookupCode } from './diagnostics/catalogue.js';
