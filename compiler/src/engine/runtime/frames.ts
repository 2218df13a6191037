/**
 * What an action can see while it runs: the records of the actions that ran before it (in its
 * own loop iteration first, then outward), the items of the loops around it, and the run's time.
 */
import type { Traced } from '../tracing/labels.js';
import type { ActionRun } from './history.js';

export interface ActionState {
  readonly record: ActionRun;
  /** The action as `actions()` returns it: name, inputs, outputs, status, times… */
  readonly traced: Traced;
}

export interface LoopState {
  readonly name: string;
  /** A loop's iteration, or one call of an Agent's tool (its item: the arguments the model passed). */
  readonly kind: 'foreach' | 'until' | 'tool';
  readonly index: number;
  readonly item?: Traced;
}

/** A loop iteration's view (or the run's, at the top). */
export class Frame {
  readonly actions = new Map<string, ActionState>();

  constructor(
    readonly parent?: Frame,
    readonly loop?: LoopState,
  ) {}

  find(name: string): ActionState | undefined {
    for (let frame: Frame | undefined = this; frame; frame = frame.parent) {
      const found = frame.actions.get(name);
      if (found) return found;
    }
    return undefined;
  }

  findLoop(name: string): LoopState | undefined {
    for (let frame: Frame | undefined = this; frame; frame = frame.parent) if (frame.loop?.name === name) return frame.loop;
    return undefined;
  }

  /** The innermost tool call around this frame: `agentParameters()` reads its arguments. */
  findToolCall(): LoopState | undefined {
    for (let frame: Frame | undefined = this; frame; frame = frame.parent) if (frame.loop?.kind === 'tool') return frame.loop;
    return undefined;
  }

  /** The iteration's actions, seen from after the loop: the last iteration's remain. */
  publishTo(target: Frame): void {
    for (const [name, state] of this.actions) target.actions.set(name, state);
  }

  /** The enclosing loops' iteration indexes, outermost first. */
  repetition(): Record<string, number> | undefined {
    const loops: [string, number][] = [];
    for (let frame: Frame | undefined = this; frame; frame = frame.parent) if (frame.loop) loops.unshift([frame.loop.name, frame.loop.index]);
    return loops.length > 0 ? Object.fromEntries(loops) : undefined;
  }
}
