/**
 * The answers to the extension's commands: the compiled workflow JSON of a document (what
 * `jig build` writes for the Consumption target) and its data map (what each flow reads, why, for
 * how long, and where it goes).
 */
import { serializeJson } from '../../compiler/src/emit/serialize.js';
import type { tree } from '../../compiler/src/index.js';
import { diagnosticsOf, type CheckedDocument } from './documents.js';
import { children } from './node-at.js';
import type { CompiledJsonResult } from './protocol.js';

export function compiledJson(document: CheckedDocument): CompiledJsonResult {
  const { compilation } = document;
  if (document.policy.broken) return { error: 'The project\'s policy could not be loaded; see jig.yaml or the policy file.' };
  const errors = diagnosticsOf(document).filter((d) => d.severity === 'error' && !d.waived).length;
  if (errors > 0) return { error: `Nothing is emitted while the file has ${errors} error(s); see the Problems panel.` };
  const { workflows } = compilation.emit();
  if (workflows.length === 0) return { error: 'The file declares no flow.' };
  const files = workflows.map((workflow) => ({
    name: workflow.name,
    json: serializeJson({ definition: workflow.definition, parameters: workflow.parameterValues }, 'workflowFile'),
  }));
  if (files.length === 1) return { json: files[0]!.json };
  // One JSON text a workflow, each under a comment naming its flow (shown as JSON with comments).
  return { json: files.map((file) => `// ${file.name}.json\n${file.json}`).join('\n') };
}

export function dataMap(document: CheckedDocument): string {
  const { compilation } = document;
  const model = compilation.model;
  const policy = compilation.policy;
  const lines = [`# Data map of ${compilation.source.fileName.split('/').pop()}`, '', `Checked against ${policy.title} (${policy.id} ${policy.version}).`];
  for (const declaration of model.file.declarations) {
    if (declaration.kind !== 'Flow' || !declaration.name.name) continue;
    const annotations = model.annotationsOf(declaration);
    lines.push('', `## ${declaration.name.name}`, '');
    lines.push(`- Purpose: ${annotations.purpose ? `${annotations.purpose.id}: ${annotations.purpose.reason}` : 'none declared'}`);
    lines.push(`- Data: ${annotations.data?.categories.map((c) => `\`${c.id}\``).join(', ') || 'none declared'}`);
    lines.push(`- Retention: ${annotations.retain ? `${annotations.retain.amount} ${annotations.retain.unit}` : 'none declared'}`);
    const stores: string[] = [];
    const shares: string[] = [];
    const visit = (node: tree.Node): void => {
      if (node.kind === 'Store') {
        const categories = [...model.categoriesOf(node.value).keys()];
        const retention = model.retentionOf(node);
        const target = `${node.target.store.name}(${node.target.args.map((arg) => JSON.stringify(arg.value ?? '')).join(', ')})`;
        stores.push(`  - ${target}: ${categories.map((c) => `\`${c}\``).join(', ') || 'no categorised data'}${retention ? `, kept ${retention.amount} ${retention.unit}` : ''}`);
      }
      if ('annotations' in node && node.kind !== 'Flow') {
        const share = model.shareOf(node as tree.Step);
        if (share) shares.push(`  - ${share.processor}: ${share.reason}`);
      }
      for (const child of children(node)) visit(child);
    };
    visit(declaration.body);
    lines.push(`- Stored in:${stores.length > 0 ? `\n${stores.join('\n')}` : ' nothing'}`);
    lines.push(`- Shared with:${shares.length > 0 ? `\n${shares.join('\n')}` : ' no one'}`);
  }
  return lines.join('\n') + '\n';
}
