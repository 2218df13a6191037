/**
 * How the grammar chooses among the alternatives of an `OR`: chevrotain's LL(k) lookahead, with
 * the alternatives indexed by the first token. chevrotain's own choice, for an `OR` whose
 * alternatives have a GATE or need more than one token, tries every alternative in turn (and
 * copies their gates into a fresh array first) at every call; the step and primary-expression
 * choices, the busiest of the grammar, are of that kind. Here the next token's type picks the few
 * alternatives that can start with it, which are then tried in the same order with the same gates
 * and paths: the same alternative is chosen, fewer are tried. (Every gate of the grammar only
 * looks at tokens, so skipping one that cannot matter changes nothing.)
 */
import { getLookaheadPaths, LLkLookaheadStrategy, type IOrAlt, type IToken, type Rule, type TokenType } from 'chevrotain';

/** For each token type index, whether a token of that type matches (sparse); one array a path position. */
type PathMatcher = readonly (readonly (boolean | undefined)[])[];

interface Candidate {
  readonly alternative: number;
  /** The paths of the alternative whose first token matches the type being indexed (checked from the second). */
  readonly paths: readonly PathMatcher[];
}

/** The part of chevrotain's parser a lookahead function reads (it runs with the parser as `this`). */
interface Lookahead {
  /** LA without the bounds check: chevrotain pads the input with more EOFs than any path is long. */
  LA_FAST(howMuch: number): IToken;
}

export class FirstTokenLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    maxLookahead: number;
    hasPredicates: boolean;
    dynamicTokensEnabled: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    if (options.dynamicTokensEnabled) return super.buildLookaheadForAlternation(options);
    const alternatives = getLookaheadPaths({
      occurrence: options.prodOccurrence,
      rule: options.rule,
      prodType: 'Alternation',
      maxLookahead: options.maxLookahead,
    });
    // chevrotain's token matching: the type itself, or a type it is a category of.
    const matcherOf = (type: TokenType): boolean[] => {
      const accepts: boolean[] = [];
      accepts[type.tokenTypeIdx!] = true;
      for (const idx of type.categoryMatches ?? []) accepts[idx] = true;
      return accepts;
    };
    // For each type of the next token, the alternatives (in order) with a path it may start.
    const byFirstToken: Candidate[][] = [];
    const always: Candidate[] = [];
    alternatives.forEach((paths, alternative) => {
      const matchers = paths.map((path) => path.map(matcherOf));
      if (matchers.some((path) => path.length === 0)) {
        // An empty path matches whatever comes next: the alternative is taken unless its gate says no.
        const candidate = { alternative, paths: [[]] };
        always.push(candidate);
        for (const candidates of byFirstToken) candidates?.push(candidate);
        return;
      }
      const firstTypes = new Set<number>(matchers.flatMap((path) => Object.keys(path[0]!).map(Number)));
      for (const idx of firstTypes) {
        (byFirstToken[idx] ??= [...always]).push({ alternative, paths: matchers.filter((path) => path[0]![idx] === true) });
      }
    });
    const hasPredicates = options.hasPredicates;
    return function (this: Lookahead, orAlts?: IOrAlt<unknown>[]): number | undefined {
      const candidates = byFirstToken[this.LA_FAST(1).tokenTypeIdx] ?? always;
      for (let c = 0; c < candidates.length; c++) {
        const { alternative, paths } = candidates[c]!;
        if (hasPredicates) {
          const gate = orAlts![alternative]!.GATE;
          if (gate !== undefined && gate.call(this) === false) continue;
        }
        nextPath: for (let p = 0; p < paths.length; p++) {
          const path = paths[p]!;
          for (let i = 1; i < path.length; i++) if (path[i]![this.LA_FAST(i + 1).tokenTypeIdx] !== true) continue nextPath;
          return alternative;
        }
      }
      return undefined;
    };
  }
}
