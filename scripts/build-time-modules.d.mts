import type { Plugin } from 'esbuild';
export declare function windowsZoneTable(): Record<string, string>;
export declare function discriminatedSchema<T extends { definitions?: Record<string, unknown> }>(schema: T): T;
export declare const buildTimeModules: Plugin;
