/**
 * What answers the calls a workflow makes: mocks given per action or per connector operation
 * (status, headers, body, a transport error, a delay, and a sequence for retries: one response a
 * call, the last one repeating).
 */

export interface MockResponse {
  /** The HTTP status (default 200). */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  /** A failure with no response at all (a refused connection, a DNS failure). */
  readonly error?: string;
  /** How long the call takes, in milliseconds of the run's clock. */
  readonly delayMs?: number;
  /**
   * For an Agent: the tools the model calls before it answers, in order, each with the arguments
   * it passes (what `agentParameters('NAME')` reads in the tool's actions).
   */
  readonly toolCalls?: readonly ToolCall[];
}

export interface ToolCall {
  readonly tool: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
}

export interface Mock {
  readonly responses: readonly MockResponse[];
  /** Data categories the mocked answer carries (category tracing). */
  readonly categories?: readonly string[];
}

export interface Mocks {
  /** By action name. */
  readonly actions?: Readonly<Record<string, Mock>>;
  /** By connector operation: `documentdb.QueryDocumentsV5`, `office365:post /v2/Mail`, `http:POST https://host/path`. */
  readonly operations?: Readonly<Record<string, Mock>>;
}

/** Hands out a mock's responses call by call. */
export class MockCalls {
  private readonly counts = new Map<Mock, number>();

  next(mock: Mock): MockResponse {
    const count = this.counts.get(mock) ?? 0;
    this.counts.set(mock, count + 1);
    return mock.responses[Math.min(count, mock.responses.length - 1)] ?? {};
  }

  /** The response `next` will hand out, without handing it out. */
  peek(mock: Mock): MockResponse {
    return mock.responses[Math.min(this.counts.get(mock) ?? 0, mock.responses.length - 1)] ?? {};
  }
}
