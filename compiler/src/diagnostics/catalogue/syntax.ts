/** JIG1001–JIG1999: the text does not follow the grammar. */
import { define } from '../definition.js';

export const unexpectedToken = define<{ found: string; expected: string }>({
  code: 'JIG1001',
  name: 'unexpected-token',
  area: 'syntax',
  severity: 'error',
  title: 'Unexpected token',
  message: ({ found, expected }) => `Expected ${expected} but found ${found}.`,
  explanation:
    'The parser met a token that cannot stand here. It reports the token and what the grammar allows at this point, skips to the next line or statement it recognises, and goes on, so that one mistake does not hide the rest of the file. Fix the first error of a region first: later ones may follow from it.',
});
