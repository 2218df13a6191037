import type { Plugin } from 'esbuild';
export declare function windowsZoneTable(): Record<string, string>;
export declare const buildTimeModules: Plugin;
