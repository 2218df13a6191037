/** JIG0001–JIG0099: a file that cannot be read as Jig source at all. */
import { define } from '../definition.js';

export const fileNotUtf8 = define<{ offset: number }>({
  code: 'JIG0001',
  name: 'not-utf8',
  area: 'input',
  severity: 'error',
  title: 'The file is not valid UTF-8',
  message: ({ offset }) => `The file is not valid UTF-8 text (first invalid byte at offset ${offset}); save it as UTF-8.`,
  explanation:
    'Jig source files are UTF-8 text. The file contains a byte sequence that is not UTF-8, usually because it was saved in a legacy encoding (Windows-1252, Latin-1) or is not a text file. Re-save it as UTF-8 in your editor.',
});

export const fileIsBinary = define({
  code: 'JIG0002',
  name: 'binary-file',
  area: 'input',
  severity: 'error',
  title: 'The file is binary, not Jig source',
  message: () => 'The file looks binary (it contains NUL bytes); a .jig file is UTF-8 text.',
  explanation:
    'The compiler found NUL bytes in the file, which never occur in source text. Check that the path names a .jig source file and not a build output, an archive or an image.',
});

export const fileTooLarge = define<{ size: number; limit: number }>({
  code: 'JIG0003',
  name: 'file-too-large',
  area: 'input',
  severity: 'error',
  title: 'The file is larger than the compiler accepts',
  message: ({ size, limit }) =>
    `The file is ${(size / 1048576).toFixed(1)} MB; Jig accepts source files up to ${(limit / 1048576).toFixed(0)} MB. Split its flows across several files.`,
  explanation:
    'A single .jig file is limited in size so that the compiler and the language server stay responsive. A workflow is itself limited to 500 actions, so no real flow needs a file this large: split the flows across several files of the project.',
});
