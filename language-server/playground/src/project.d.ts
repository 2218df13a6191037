/** The examples project, made a module by the playground's build (scripts/playground.mjs). */
declare module 'jig-playground:project' {
  /** The folder the project stands in, in the worker's file system. */
  export const projectRoot: string;
  /** Each example's file name (`order_sync.jig`) and text, in file name order. */
  export const examples: Readonly<Record<string, string>>;
  /** Every file of the project (jig.yaml, the policy, the examples) by absolute path. */
  export const projectFiles: Readonly<Record<string, string>>;
}
