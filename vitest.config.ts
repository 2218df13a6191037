import { defineConfig, type Plugin } from 'vitest/config';

/**
 * `.yaml` files (the embedded policy) are imported as text, as esbuild's `text` loader does for the
 * bundles (scripts/build.mjs), so that tests run the same source the CLI ships.
 */
function yamlAsText(): Plugin {
  return {
    name: 'jig-yaml-as-text',
    transform(code, id) {
      if (!id.endsWith('.yaml')) return null;
      return { code: `export default ${JSON.stringify(code)};`, map: null };
    },
  };
}

export default defineConfig({
  plugins: [yamlAsText()],
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn the real CLI and language server; a timeout is a guard against a hang, not a
    // measure of speed (npm run bench measures): give a loaded machine room (a build of the
    // examples took 41 s under a load of 9).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
