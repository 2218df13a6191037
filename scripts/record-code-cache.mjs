// Records the V8 code cache of the CLI bundle (compiler/bin/start-cli.cjs explains why): runs the
// CLI with the given arguments and, as it exits, writes the cache of everything it compiled, so
// that the functions a command runs are in it, not only the bundle's top level. Run by
// scripts/build.mjs; the cache is written whole or not at all.
import { renameSync, writeFileSync } from 'node:fs';
import { codeCachePath, startCli } from '../compiler/bin/start-cli.cjs';

const script = startCli();
process.on('exit', () => {
  const temporary = `${codeCachePath}.${process.pid}.tmp`;
  writeFileSync(temporary, script.createCachedData());
  renameSync(temporary, codeCachePath);
});
