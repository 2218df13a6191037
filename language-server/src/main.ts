/**
 * `jig-language-server --stdio` (or `--node-ipc`, `--socket=N`: vscode-languageserver picks the
 * transport from the arguments). The Node-specific half: the connection and the file system.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeFileSystem } from '../../compiler/src/node.js';
import { startServer } from './server.js';

startServer(createConnection(ProposedFeatures.all), { fs: nodeFileSystem });
