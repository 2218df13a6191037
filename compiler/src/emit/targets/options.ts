/**
 * What every target renderer takes and gives back. Renderers are pure: they turn emitted workflows
 * into file paths and texts, and the CLI writes them (after `validateEmitted` accepted them all).
 */

import type { RenderableWorkflow } from '../workflow.js';

export type Target = 'consumption' | 'arm' | 'standard';

export const TARGETS: readonly Target[] = ['consumption', 'arm', 'standard'];

export interface OutputFile {
  /** Relative to the output folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
  /** The value `content` is the JSON text of (validation reads it instead of parsing `content`). */
  readonly json?: unknown;
}

/**
 * A target's rendering of one project: its workflows as they come (a build hands over each file's
 * as soon as it is emitted, so that the workspace's workflows are never all kept at once), then
 * the files of the project as a whole.
 */
export interface TargetRenderer {
  workflowFiles(workflows: readonly RenderableWorkflow[]): OutputFile[];
  /** The project's own files (Standard's host.json, connections.json, parameters.json), after every workflow. */
  projectFiles(): OutputFile[];
}

/** The settings of `jig.yaml`'s `deploy:` block that shape the output. */
export interface TargetOptions {
  /** The Azure region the ARM template's `location` parameter defaults to. */
  readonly location?: string;
  /** Per managed API (`documentdb`), the name of its `Microsoft.Web/connections` resource. */
  readonly connections?: Readonly<Record<string, { readonly connectionName?: string } | undefined>>;
}

/** The target options of a project's `deploy:` settings (jig.yaml), as the project model reads them. */
export function targetOptionsOf(
  deploy: { readonly location?: string; readonly connections?: Readonly<Record<string, Readonly<Record<string, unknown>>>> } | undefined,
): TargetOptions {
  const connections = Object.fromEntries(
    Object.entries(deploy?.connections ?? {}).flatMap(([api, settings]) =>
      typeof settings.connectionName === 'string' ? [[api, { connectionName: settings.connectionName }]] : [],
    ),
  );
  return { ...(deploy?.location !== undefined && { location: deploy.location }), connections };
}
