/**
 * The compiler's public face for a front end that runs on Node: `index.ts`, plus the Node
 * implementation of the `FileSystem` its projects are read through.
 */
export * from './index.js';
export { nodeFileSystem } from './project/node-host.js';
