/**
 * `jig-language-server --stdio` (or `--node-ipc`, `--socket=N`, `--pipe=NAME`: vscode-languageserver
 * picks the transport from the arguments). The Node-specific half: the connection and the file
 * system. Without a transport, or with `--help`, it prints its usage instead of the library's
 * "Connection input stream is not set" stack trace.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeFileSystem } from '../../compiler/src/node.js';
import { startServer } from './server.js';

const USAGE = `Usage: jig-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME

The Jig language server (Language Server Protocol). An editor starts it and talks to it over the
transport given: the VS Code extension starts it with --node-ipc; other editors usually with --stdio.
It reads .jig files, their jig.yaml and policy files, and writes nothing.
`;

const TRANSPORT = /^--(stdio|node-ipc|socket|pipe)(=.*)?$/;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (!args.some((arg) => TRANSPORT.test(arg))) {
  process.stderr.write(`jig-language-server: no transport given.\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  startServer(createConnection(ProposedFeatures.all), { fs: nodeFileSystem });
}
