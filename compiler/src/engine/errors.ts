/**
 * The two ways an evaluation stops. `ExpressionError` is what the service itself would report (a
 * function given a value of the wrong type, a property that does not exist): the action fails, as
 * it would in Azure. `NotSupportedError` is a feature of the language that jig run does not
 * implement: the run stops and says so, rather than computing a value the service might not.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  /** The service's error code for an action whose inputs cannot be evaluated. */
  readonly code: string;
  constructor(message: string, code = 'InvalidTemplate') {
    super(message);
    this.code = code;
  }
}

export class NotSupportedError extends Error {
  override readonly name = 'NotSupportedError';
  constructor(readonly feature: string, detail?: string) {
    super(`${feature} is not supported by jig run${detail ? ` (${detail})` : ''}`);
  }
}
