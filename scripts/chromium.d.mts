import type { Browser } from 'playwright-core';
export declare const chromiumPath: string;
export declare const chromiumFlags: readonly string[];
export declare function ensureChromium(): void;
export declare function launchChromium(): Promise<Browser>;
