/**
 * The playground's language server: the same server as `jig-language-server --stdio`
 * (language-server/src/server.ts), in a web worker, speaking LSP over the worker's messages. Its
 * file system is the examples project held in memory, so a document is checked against the
 * examples' policy (which extends the embedded JigAjob policy) and `call flow` finds the other
 * examples, as in the repository.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { memoryFileSystem } from '../../../compiler/src/index.js';
import { startServer } from '../../src/server.js';
import { projectFiles } from 'jig-playground:project';

// A worker's global scope sends and receives messages as a port does; the playground is typed
// with the DOM library, where `self` is a window.
const port = self as unknown as MessagePort;
startServer(createConnection(new BrowserMessageReader(port), new BrowserMessageWriter(port)), { fs: memoryFileSystem(projectFiles) });
