/**
 * When documents are checked. An edit is checked as soon as the server is free, not after a fixed
 * pause: a pause costs every keystroke its length, while a check the user types past costs
 * nothing once it gives way (the check gives way between its stages to newer edits and requests,
 * and drops its result when the version it checked is no longer current, publisher.ts). One check
 * of a document runs at a time; edits made meanwhile are checked together when it ends, at their
 * latest version. A client may still ask for a pause (`debounceMs`). Uses only setTimeout, which
 * browsers have too.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';

export class CheckScheduler {
  /** Documents with a check running, and whether an edit came in since it started. */
  private readonly running = new Map<string, { again: boolean }>();
  private readonly pauses = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    /** The open document of a URI, at its latest version; undefined once closed. */
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly check: (document: TextDocument) => Promise<void>,
    /** A pause after the last edit before checking, in ms (0: none). */
    private readonly pause: () => number,
  ) {}

  /** Checks the document after an edit (after the pause, if any); `immediately`: without a pause. */
  schedule(document: TextDocument, immediately = false): void {
    this.cancelPause(document.uri);
    const delay = immediately ? 0 : this.pause();
    if (delay === 0) return this.start(document.uri);
    this.pauses.set(
      document.uri,
      setTimeout(() => {
        this.pauses.delete(document.uri);
        this.start(document.uri);
      }, delay),
    );
  }

  /** A closed document: nothing pending is run. */
  cancel(uri: string): void {
    this.cancelPause(uri);
    const run = this.running.get(uri);
    if (run) run.again = false;
  }

  private start(uri: string): void {
    const run = this.running.get(uri);
    if (run) {
      run.again = true;
      return;
    }
    const state = { again: false };
    this.running.set(uri, state);
    // Messages already received (a burst of changes) are read first, so one check covers them.
    setTimeout(() => {
      const document = this.current(uri);
      const done = document ? this.check(document) : Promise.resolve();
      void done.finally(() => {
        this.running.delete(uri);
        if (state.again) this.start(uri);
      });
    }, 0);
  }

  private cancelPause(uri: string): void {
    const timer = this.pauses.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.pauses.delete(uri);
  }
}
