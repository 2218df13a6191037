/**
 * The template language itself: how a JSON string becomes a value (`@…`, `@{…}`, `@@`), property
 * and element access with and without `?`, integer and float arithmetic, type-strict equality,
 * and the errors the service reports.
 */
import { describe, expect, it } from 'vitest';
import { evaluateString } from '../../compiler/src/engine/index.js';

const value = (source: string) => {
  const result = evaluateString(source);
  if ('error' in result) throw new Error(result.error);
  return result.value;
};
const error = (source: string) => {
  const result = evaluateString(source);
  if ('value' in result) throw new Error(`${source} gave ${JSON.stringify(result.value)}`);
  return result.error;
};

describe('JSON strings as templates', () => {
  it('keeps text without an expression', () => {
    expect(value('Sophia Owen')).toBe('Sophia Owen');
    expect(value('array[1]')).toBe('array[1]');
    expect(value('mail@contoso.com')).toBe('mail@contoso.com');
    expect(value(' @')).toBe(' @');
  });
  it('escapes a leading @ with @@, and @{ with @@{', () => {
    expect(value('@@')).toBe('@');
    expect(value('@@mention')).toBe('@mention');
    // After a leading @@ nothing is read: LogicAppsUX's parseTemplateExpression takes the rest as text.
    expect(value('@@@{')).toBe('@@{');
    expect(value("@@{x} @{concat('a')}")).toBe("@{x} @{concat('a')}");
    expect(value("a@@{x} @{concat('b')}")).toBe('a@{x} b');
    expect(value("My age is @@{parameters('myAge')}")).toBe("My age is @{parameters('myAge')}");
  });
  it('gives an expression its own type, and interpolation always a string', () => {
    expect(value('@add(40, 2)')).toBe(42);
    expect(value('@{add(40, 2)}')).toBe('42');
    expect(value('My age is @{add(40, 2)}')).toBe('My age is 42');
    expect(value('@{true}-@{null}-@{createArray(1, 2)}')).toBe('True--[1,2]');
    expect(value("a @{'}'} b")).toBe('a } b');
  });
  it("reads '' as a quote in a string literal", () => {
    expect(value("@concat('it''s', '')")).toBe("it's");
  });
  it('matches function names ignoring case', () => {
    expect(value("@TOLOWER('A')")).toBe('a');
    expect(value("@addhours('2018-03-15T00:00:00Z', 1)")).toBe('2018-03-15T01:00:00.0000000Z');
  });
  it('refuses malformed expressions with the position', () => {
    expect(error('@add(1, 2')).toMatch(/not valid: expected '\)' or ','/);
    expect(error("@concat('a)")).toMatch(/a string is not closed/);
    expect(error('@')).toMatch(/empty/);
    expect(error('@add(1, 2) extra')).toMatch(/unexpected 'extra'/);
    expect(error('@x{')).toMatch(/not valid/);
    expect(error('a @{add(1, 2) b')).toMatch(/not closed/);
  });
  it('refuses nesting that would overflow the stack', () => {
    expect(error(`@${'createArray('.repeat(300)}1${')'.repeat(300)}`)).toMatch(/nests too deeply/);
  });
});

describe('property and element access', () => {
  const person = `json('{"name": "Sophia", "address": {"city": "Seattle"}, "tags": ["a", "b"], "none": null}')`;
  it('selects with ., [] and their null-safe forms', () => {
    expect(value(`@${person}.name`)).toBe('Sophia');
    expect(value(`@${person}['address']['city']`)).toBe('Seattle');
    expect(value(`@${person}?['address']?.city`)).toBe('Seattle');
    expect(value(`@${person}['tags'][1]`)).toBe('b');
    expect(value(`@${person}?['missing']?['deeper']`)).toBe(null);
    expect(value(`@${person}?['tags']?[5]`)).toBe(null);
    expect(value(`@${person}?['none']?['x']`)).toBe(null);
  });
  it('fails without ? on what is missing, as the service does', () => {
    expect(error(`@${person}['missing']`)).toMatch(/property 'missing' doesn't exist, available properties are 'name, address, tags, none'/);
    expect(error(`@${person}['none']['x']`)).toMatch(/Property selection is not supported on values of type 'Null'/);
    expect(error(`@${person}['tags'][5]`)).toMatch(/array index '5' is outside bounds \(0, 1\)/);
    expect(error(`@${person}['tags']['x']`)).toMatch(/integer index/);
    expect(error("@'text'['x']")).toMatch(/values of type 'String'/);
  });
  it('finds a property whose name differs only in case', () => {
    expect(value(`@${person}['NAME']`)).toBe('Sophia');
  });
});

describe('numbers', () => {
  it('keeps integers and floats apart', () => {
    expect(value('@div(7, 2)')).toBe(3);
    expect(value('@div(-7, 2)')).toBe(-3);
    expect(value('@div(7.0, 2)')).toBe(3.5);
    expect(value('@div(mul(1.5, 2), 2)')).toBe(1.5);
    expect(value("@div(float('6'), 4)")).toBe(1.5);
    expect(value('@string(mul(1.5, 2))')).toBe('3');
    expect(value('@string(div(1.0, 3))')).toBe('0.3333333333333333');
    expect(value('@string(mul(1.0, 1000000000000000))')).toBe('1E+15');
    expect(value('@string(div(1.0, 100000))')).toBe('1E-05');
  });
  it('computes 64-bit integers exactly', () => {
    expect(value('@string(add(9007199254740992, 1))')).toBe('9007199254740993');
    expect(value('@string(mul(2147483648, 2147483647))')).toBe('4611686016279904256');
    expect(value('@string(add(9223372036854775806, 1))')).toBe('9223372036854775807');
    expect(value('@string(sub(-9223372036854775807, 1))')).toBe('-9223372036854775808');
  });
  it('stops where an integer leaves 64 bits, which the service does not document, rather than give a value it never would', () => {
    for (const source of ['@add(9223372036854775807, 1)', '@sub(-9223372036854775807, 2)', '@mul(4294967296, 4294967296)', '@div(sub(-9223372036854775807, 1), -1)', '@9223372036854775808', '@add(-9223372036854775809, 0)']) {
      expect(error(source), source).toMatch(/An integer beyond 64 bits is not supported by jig run \(.* is -?\d+; the service's integers are 64-bit/);
    }
    // A float is not an integer: beyond 64 bits it is a float as it always was.
    expect(value('@string(mul(4294967296.0, 4294967296))')).toBe('1.8446744073709552E+19');
  });
  it('stops where a float leaves the range of doubles, which the service does not document, rather than write null or an infinity', () => {
    for (const source of ['@mul(1e308, 10)', '@add(1.7976931348623157e308, 1e308)', '@sub(-1e308, 1e308)', '@div(1e308, 0.1)', "@float('1e400')", "@isFloat('-2e308')"]) {
      expect(error(source), source).toMatch(/beyond the range of doubles.*is not supported by jig run/);
    }
    expect(value('@string(mul(1e307, 10))')).toBe('1E+308');
  });
  it('refuses a division by zero and arithmetic on non-numbers', () => {
    expect(error('@div(1, 0)')).toMatch(/cannot divide by zero/);
    expect(error('@mod(1.5, 0)')).toMatch(/cannot divide by zero/);
    expect(error("@add(1, '2')")).toMatch(/expects its second parameter to be an integer or a float. The provided value is of type 'String'/);
  });
});

describe('comparison', () => {
  it('is type-strict', () => {
    expect(value("@equals(1, '1')")).toBe(false);
    expect(value("@equals(true, 'true')")).toBe(false);
    expect(value('@equals(1, 1.0)')).toBe(true);
    expect(value("@equals(json('{\"a\": [1, {\"b\": 2}]}'), json('{\"a\": [1, {\"b\": 2.0}]}'))")).toBe(true);
    expect(value('@equals(null, null)')).toBe(true);
  });
  it('orders numbers with numbers and strings with strings only', () => {
    expect(value("@less('2018-01-01', '2018-02-01')")).toBe(true);
    expect(error("@greater(1, 'a')")).toMatch(/matching types/);
  });
  it('wants Booleans for and, or, not, if', () => {
    expect(error("@and(true, 'true')")).toMatch(/to be a Boolean/);
    expect(error("@if('yes', 1, 2)")).toMatch(/to be a Boolean/);
  });
});

describe('errors', () => {
  it('names an unknown function and a wrong argument count', () => {
    expect(error('@nosuch()')).toMatch(/'nosuch' is not defined/);
    expect(error('@add(1)')).toMatch(/'add' expects 2 parameters, but 1 was given/);
  });
  it('says that workflow state is empty in an empty run', () => {
    expect(error("@parameters('x')")).toMatch(/empty run/);
    expect(value('@triggerBody()')).toBe(null);
  });
});
