/** The compiler's version, from its package.json (bundled into the CLI by esbuild). */
import packageJson from '../../package.json' with { type: 'json' };

export const version: string = packageJson.version;
