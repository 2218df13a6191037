#!/usr/bin/env node
// CommonJS, like the bundle it starts: an ES module here would load Node's module loader first.
require('./start-cli.cjs').startCli();
