/**
 * Starts the CLI bundle (dist/cli.cjs) with the V8 code cache that `npm run build` recorded beside
 * it (dist/cli.cjs.cache, made by scripts/record-code-cache.mjs from a run over the examples).
 * Parsing and compiling the 2 MB bundle and the functions a command runs would otherwise cost
 * every run some 50–100 ms: a third of checking one file. Node 22 does this itself
 * (module.enableCompileCache); on Node 20 it takes a vm.Script. V8 rejects a cache made by another
 * Node version, with other flags or for another bundle, and then compiles the bundle as usual.
 */
'use strict';
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

const bundlePath = join(__dirname, '..', 'dist', 'cli.cjs');
const codeCachePath = `${bundlePath}.cache`;

/** Runs the CLI on `process.argv`; returns the compiled script (the recorder asks it for its cache). */
function startCli() {
  // A compilation's tree and model live for one file and die young. V8's allocation-site
  // pretenuring sees them survive one scavenge (a file is mid-compilation) and from then on allocates
  // them in the old generation, which then grows with garbage until the next full collection: in
  // some runs of a 1,000-file check that doubled the heap (125 → 220 MB) and cost 20% more time.
  // Set before the bundle is compiled, so that the code cache (recorded the same way) matches.
  setFlagsFromString('--no-allocation-site-pretenuring');
  // V8 has TurboFan optimise a function once it has run so much bytecode (the interrupt budget,
  // 66 KB by default, tuned for pages and servers that run for long). A large check optimised some
  // 430 of the compiler's functions, and V8's background threads, TurboFan most of it, took more
  // instructions than the main thread (8.6 G against 7.5 G for the bench workspace, callgrind): on
  // a 2-core machine more than its second core gives them. Twice the budget optimises fewer
  // functions: background 6.2 G, main thread 8.0 G (it runs longer in unoptimised code), 11% fewer
  // instructions in all, one 500-line file as before. More (8 times: 2.5 G and 10.4 G) made the
  // main thread, which decides the time on an idle machine, too much slower. Only the CLI: the
  // language server runs for hours and keeps V8's default.
  setFlagsFromString('--interrupt-budget=135168');
  // Each function TurboFan optimises takes in the functions it calls, up to 920 bytes of their
  // bytecode in all by default: graphs that big are what its phases (escape analysis, load
  // elimination, register allocation) spend their time on. A quarter of that halves none of the
  // main thread's work but a quarter of the background's (callgrind, a 300-file check without the
  // code cache: main thread 4.75 G instructions before, 4.69 G after; background 3.35 G, 2.56 G).
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=230');
  let source;
  try {
    // The bundle is ASCII (scripts/build.mjs makes sure), which latin1 reads faster than UTF-8.
    source = readFileSync(bundlePath, 'latin1');
  } catch {
    process.stderr.write(`jig: the CLI is not built (${bundlePath} is missing): run 'npm run build'\n`);
    process.exit(2);
  }
  let cachedData;
  try {
    cachedData = readFileSync(codeCachePath);
  } catch {
    // No cache (a build without one): compile as usual.
  }
  const script = new Script(Module.wrap(source), { filename: bundlePath, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return script;
}

module.exports = { bundlePath, codeCachePath, startCli };
