/**
 * `jig check` of a large workspace over several threads (project/compile-workspace.ts,
 * `compileInParts`, says how the parts join). Each other thread runs this same bundle, started by
 * compiler/bin/jig.cjs with its code cache, and `runCheckPart` instead of the CLI: it opens the
 * same paths with the same options and compiles its part. JIG_THREADS=N sets the number of
 * threads (1: one thread, as the language server and the playground always are), whatever the
 * workspace's size.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { compilePart, type PartFile, type PartRunner } from '../project/compile-workspace.js';
import { openWorkspaceFiles } from '../project/workspace.js';
import { workspaceOptions } from './open-workspace.js';

/**
 * Below this many files one thread is faster: starting another (its own copy of the compiler,
 * the policy, the files read again) costs about what checking some hundred files does.
 */
const FILES_FOR_THREADS = 200;

/** More threads than this gain little: each reads the whole workspace, and the first joins them all. */
const MOST_THREADS = 4;

/**
 * A thread for every two cores. V8's optimising compiler (TurboFan) runs beside each thread on a
 * core of its own: in a check of the bench workspace (npm run bench) it does about half of all
 * instructions (8.5 of 16.4 billion, measured with callgrind), and each thread compiles the same
 * functions again (two threads: 23.4 billion in all). On two cores one thread already keeps both
 * busy, and two are slower; from four cores on, two threads shorten the check.
 */
function defaultThreads(): number {
  return Math.min(Math.floor(availableParallelism() / 2), MOST_THREADS);
}

/** What another thread is told: the command line's paths and options, and its part. */
interface PartRequest {
  readonly jigCheckPart: true;
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly policyOverride?: string;
  readonly index: number;
  readonly count: number;
}

type PartReply = { readonly part: readonly PartFile[] } | { readonly failed: string };

/** The runner of `check`'s parts, or undefined where no other thread can run the CLI. */
export function checkParts(cwd: string, paths: readonly string[], policyOverride: string | undefined, env: NodeJS.ProcessEnv): PartRunner | undefined {
  const script = cliScript();
  if (!script) return undefined;
  const asked = env.JIG_THREADS !== undefined && /^\d+$/.test(env.JIG_THREADS) ? Number(env.JIG_THREADS) : undefined;
  const workers: Worker[] = [];
  return {
    count(fileCount) {
      if (asked !== undefined) return Math.max(1, Math.min(asked, fileCount));
      return fileCount < FILES_FOR_THREADS ? 1 : Math.max(1, defaultThreads());
    },
    start(index, count) {
      const request: PartRequest = { jigCheckPart: true, paths, cwd, ...(policyOverride !== undefined && { policyOverride }), index, count };
      return new Promise((resolve) => {
        const worker = new Worker(script, { workerData: request, stdout: true });
        workers.push(worker);
        worker.once('message', (reply: PartReply) => resolve('part' in reply ? reply.part : undefined));
        // A thread that failed, or ended without a word: its part is checked here instead (in one thread).
        worker.once('error', () => resolve(undefined));
        worker.once('exit', () => resolve(undefined));
      });
    },
    stop() {
      for (const worker of workers) void worker.terminate();
    },
  };
}

/** compiler/bin/jig.cjs beside the CLI bundle this code runs in; undefined when not run from the bundle (tests). */
function cliScript(): string | undefined {
  if (typeof __filename !== 'string' || !__filename.endsWith('cli.cjs')) return undefined;
  const script = join(dirname(__filename), '..', 'bin', 'jig.cjs');
  return existsSync(script) ? script : undefined;
}

/** In another thread: opens the workspace as the first thread did and compiles its part. */
export async function runCheckPart(): Promise<void> {
  const request = workerData as PartRequest;
  let reply: PartReply;
  try {
    const options = workspaceOptions({ cwd: request.cwd }, request.policyOverride);
    const opened = await openWorkspaceFiles(request.paths, options, { keepTrees: false });
    reply = { part: compilePart(opened, request.index, request.count) };
  } catch (error) {
    reply = { failed: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
}
