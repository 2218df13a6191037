// `npm run playground`: builds the browser playground (language-server/playground) with esbuild
// into language-server/playground/dist and serves that folder on 127.0.0.1, printing the URL.
// The folder is all a static host needs: the page, its worker (the language server and the
// compiler) and nothing fetched from anywhere else.
//
//   node scripts/playground.mjs [--build-only] [--out DIR] [--port N]   (--port 0: any free port)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildTimeModules } from './build-time-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const playground = join(root, 'language-server', 'playground');
export const defaultOutDir = join(playground, 'dist');
/** Where the examples project stands in the worker's file system (and so in its documents' URIs). */
const PROJECT_ROOT = '/examples';

/** The examples project as a module: its jig.yaml, policy files and examples, read when building. */
const projectModule = {
  name: 'playground-project',
  setup(build) {
    build.onResolve({ filter: /^jig-playground:project$/ }, () => ({ path: 'project', namespace: 'playground-project' }));
    build.onLoad({ filter: /.*/, namespace: 'playground-project' }, () => {
      const examplesDir = join(root, 'examples');
      const files = filesUnder(examplesDir).filter((file) => /\.(jig|ya?ml)$/.test(file));
      const text = (file) => readFileSync(join(examplesDir, file), 'utf8');
      const examples = Object.fromEntries(files.filter((file) => file.endsWith('.jig') && !file.includes('/')).map((file) => [file, text(file)]));
      const others = Object.fromEntries(files.filter((file) => !(file in examples)).map((file) => [`${PROJECT_ROOT}/${file}`, text(file)]));
      return {
        contents: [
          `export const projectRoot = ${JSON.stringify(PROJECT_ROOT)};`,
          `export const examples = ${JSON.stringify(examples)};`,
          `export const projectFiles = { ...${JSON.stringify(others)}, ...Object.fromEntries(Object.entries(examples).map(([name, text]) => [projectRoot + '/' + name, text])) };`,
        ].join('\n'),
        loader: 'js',
        watchFiles: files.map((file) => join(examplesDir, file)),
      };
    });
  },
};

/** Paths under `directory`, relative and `/`-separated, sorted. */
function filesUnder(directory, prefix = '') {
  return readdirSync(join(directory, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(directory, path) : entry.isFile() ? [path] : [];
    })
    .sort();
}

/** Builds the playground into `outDir` (emptied first); returns the size in bytes of each file served. */
export async function buildPlayground(outDir = defaultOutDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'browser',
    // CompressionStream('deflate-raw') sets the floor: Chrome 103, Firefox 113, Safari 16.4.
    target: ['chrome103', 'firefox113', 'safari16.4'],
    minify: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    loader: { '.yaml': 'text' },
    plugins: [buildTimeModules, projectModule],
    legalComments: 'linked',
  };
  const src = join(playground, 'src');
  await build({ ...common, entryPoints: [join(src, 'page.ts')], outfile: join(outDir, 'page.js'), format: 'esm' });
  // A classic worker script: module workers came to Firefox only in version 114.
  await build({ ...common, entryPoints: [join(src, 'worker.ts')], outfile: join(outDir, 'worker.js'), format: 'iife' });
  copyFileSync(join(playground, 'index.html'), join(outDir, 'index.html'));
  return Object.fromEntries(
    filesUnder(outDir)
      .filter((file) => !file.endsWith('.map') && !file.endsWith('.LEGAL.txt'))
      .map((file) => [file, statSync(join(outDir, file)).size]),
  );
}

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `directory` as a static host would, on 127.0.0.1; resolves to the server and its URL. */
export function servePlayground(directory = defaultOutDir, port = 0) {
  const base = resolve(directory);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = resolve(base, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    let body;
    try {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || !(file === base || file.startsWith(base + sep))) throw new Error('refused');
      body = readFileSync(file);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const outDir = resolve(option('--out') ?? defaultOutDir);
  const started = performance.now();
  try {
    const sizes = await buildPlayground(outDir);
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    console.log(`Built the playground into ${relative(process.cwd(), outDir) || '.'} in ${Math.round(performance.now() - started)} ms (${(total / 1024).toFixed(0)} KiB).`);
  } catch {
    // esbuild has printed what went wrong.
    process.exit(1);
  }
  if (!args.includes('--build-only')) {
    const portText = option('--port') ?? '8716';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`playground: --port takes a number from 0 to 65535, not '${portText}'`);
      process.exit(2);
    }
    try {
      const { url } = await servePlayground(outDir, port);
      console.log(`Jig playground: ${url}  (Ctrl+C stops it)`);
    } catch (error) {
      console.error(`playground: cannot serve on 127.0.0.1:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (try --port 0)' : error.message}`);
      process.exit(1);
    }
  }
}
