/**
 * What expressions read from a run: the functions of the "workflow" family (`parameters()`,
 * `variables()`, `body()`, `items()`, `utcNow()`…) ask the run through this interface, so that the
 * evaluator knows nothing of how the run is kept. `jig eval` evaluates against an empty run.
 */
import { ExpressionError } from '../errors.js';
import { Label, type Traced, untraced } from '../tracing/labels.js';
import { objectOf } from '../values.js';

export interface RuntimeState {
  parameter(name: string): Traced;
  variable(name: string): Traced;
  /** `trigger()`: the trigger's record (name, inputs, outputs, startTime, status…). */
  trigger(): Traced;
  /** `actions(name)`: an action's record; an action that has not run is an error. */
  action(name: string): Traced;
  /** `action()`: the record of the action being evaluated. */
  currentAction(): Traced;
  /** `item()`: the element of the innermost Foreach, Select or Query being evaluated. */
  item(): Traced;
  items(loopName: string): Traced;
  iterationIndexes(loopName: string): number;
  /** `agentParameters(name)`: an argument the model passed the Agent's tool whose actions are running. */
  agentParameter(name: string): Traced;
  /** `result(scope)`: the records of the scope's top-level actions. */
  result(scopeName: string): Traced;
  workflow(): Traced;
  /** The current time of the run's clock, in milliseconds since 1970 (UTC). */
  now(): number;
  newGuid(): string;
  /** An integer in [min, max). */
  random(min: number, max: number): number;
  listCallbackUrl(): string;
  /** Something the run history should mention (a property matched ignoring case). */
  note?(message: string): void;
}

/** The run `jig eval` evaluates against: no parameters, variables, actions or loops. */
export class EmptyRun implements RuntimeState {
  constructor(private readonly clock: () => number = () => Date.now()) {}

  parameter(name: string): Traced {
    throw new ExpressionError(`The workflow parameter '${name}' is not found (an empty run has no parameters).`);
  }
  variable(name: string): Traced {
    throw new ExpressionError(`The variable '${name}' is not found (an empty run has no variables).`);
  }
  trigger(): Traced {
    return untraced(objectOf([['name', 'manual'], ['inputs', null], ['outputs', objectOf([['headers', objectOf([])], ['body', null]])]]));
  }
  action(name: string): Traced {
    throw new ExpressionError(`The action '${name}' is not found (an empty run has no actions).`);
  }
  currentAction(): Traced {
    throw new ExpressionError(`The template language function 'action' can only be used in an action's trackedProperties, an Until condition or a webhook's unsubscribe (an empty run has no actions).`);
  }
  item(): Traced {
    throw new ExpressionError(`The template language function 'item' can only be used inside a Foreach, a Select or a Filter array (an empty run has no loops).`);
  }
  items(loopName: string): Traced {
    throw new ExpressionError(`The template language function 'items' must be called from within the loop '${loopName}' (an empty run has no loops).`);
  }
  iterationIndexes(loopName: string): number {
    throw new ExpressionError(`The template language function 'iterationIndexes' must be called from within the Until loop '${loopName}' (an empty run has no loops).`);
  }
  agentParameter(name: string): Traced {
    throw new ExpressionError(`The template language function 'agentParameters' ('${name}') can only be used in an agent's tool (an empty run has no agent).`);
  }
  result(scopeName: string): Traced {
    throw new ExpressionError(`The action '${scopeName}' is not found (an empty run has no actions).`);
  }
  workflow(): Traced {
    return { value: objectOf([['name', 'workflow'], ['type', 'Microsoft.Logic/workflows'], ['id', '/workflows/workflow'], ['location', 'local'], ['run', objectOf([['name', 'run'], ['type', 'Microsoft.Logic/workflows/runs'], ['id', '/workflows/workflow/runs/run']])], ['tags', objectOf([])]]), label: Label.EMPTY };
  }
  now(): number {
    return this.clock();
  }
  newGuid(): string {
    return globalThis.crypto.randomUUID();
  }
  random(min: number, max: number): number {
    return min + Math.floor(Math.random() * (max - min));
  }
  listCallbackUrl(): string {
    return 'https://localhost/workflows/workflow/triggers/manual/run?api-version=2016-10-01';
  }
}
