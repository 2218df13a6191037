/** JIG5001–JIG5999: the project file (jig.yaml) and the policy file. */
import { define } from '../definition.js';

export const configSyntax = define<{ detail: string }>({
  code: 'JIG5001',
  name: 'config-yaml-syntax',
  area: 'project',
  severity: 'error',
  title: 'jig.yaml is not valid YAML',
  message: ({ detail }) => `jig.yaml is not valid YAML: ${detail}`,
  explanation:
    'jig.yaml, the project file, could not be read as YAML. Until it can, no file of its project is compiled, because the project file chooses the policy every file is checked against. Fix the YAML at the position shown: usually an indentation that does not line up, a tab used for indentation, or a value with a `:` that needs quotes.',
});

export const configInvalid = define<{ problem: string }>({
  code: 'JIG5002',
  name: 'config-invalid',
  area: 'project',
  severity: 'error',
  title: 'jig.yaml has a key or value the project file does not allow',
  message: ({ problem }) => `jig.yaml: ${problem}`,
  explanation:
    'jig.yaml is checked against the project file\'s schema, and unknown keys are refused so that a misspelt key (`polcy:`) is not silently ignored. The keys are: `policy` (path of a policy YAML, relative to jig.yaml), `target` (`consumption`, `arm` or `standard`), `out` (output folder of `jig build`), `resources` (`hosts`, `mailDomains`, `teams`, Teams teams by group id, and `subscriptions`, Azure subscriptions by id: the client\'s own resources, which count as the platform) and `deploy` (`subscription`, `resourceGroup`, `location`, `endpoint`, `parameters`, `connections`). A deploy parameter is a value, `{env: NAME}` or `{keyVault: {vault, secret}}`. A resource is named exactly (`erp-contoso.azurewebsites.net`) or by a domain the client owns (`*.contoso.com`), never by a wildcard over a suffix anyone can rent (`*.azurewebsites.net`, `*.blob.core.windows.net`, `*.sharepoint.com`): that would make every customer\'s resources the client\'s.',
});

export const configPolicyNotFound = define<{ path: string }>({
  code: 'JIG5003',
  name: 'config-policy-not-found',
  area: 'project',
  severity: 'error',
  title: 'The policy file that jig.yaml names does not exist',
  message: ({ path }) => `The policy file '${path}' does not exist (the path is relative to jig.yaml).`,
  explanation:
    'The `policy` key of jig.yaml names the policy file that every .jig file of the project is checked against. The compiler does not fall back to the embedded policy when that file is missing, since checking against the wrong policy would be worse than not checking. Correct the path (it is relative to the folder of jig.yaml) or remove the key to use the embedded JigAjob policy.',
});

export const compilerFailed = define<{ reason: string }>({
  code: 'JIG5090',
  name: 'compiler-failed',
  area: 'project',
  severity: 'error',
  title: 'The compiler could not check this file',
  message: ({ reason }) => `Jig could not check this file: ${reason}. The other files were checked as usual.`,
  explanation:
    'Whatever goes wrong while one file is compiled becomes this finding of that file: the other files of the run are still checked and built, and `--format json` or `sarif` still prints a whole document. Nesting is cut, with its own finding, before it can exhaust the compiler\'s stack (JIG1005, JIG1015, JIG1016, JIG1017); a file that still nests too deeply for it can be split into smaller flows or steps. Any other reason is a defect of the compiler: please report it with the file.',
});

export const duplicateFlow = define<{ name: string; otherFile: string }>({
  code: 'JIG5004',
  name: 'duplicate-flow',
  area: 'project',
  severity: 'error',
  title: 'Two files of the project declare a flow of the same name (ignoring case)',
  message: ({ name, otherFile }) =>
    `The flow '${name}' is also declared in ${otherFile}; flow names must be unique across the project, ignoring case.`,
  explanation:
    'Each flow becomes one workflow named after the flow, written to `<out>/<flow>.json` and deployed as a resource of that name, and `call flow NAME` finds a flow by its name. Two flows of one name in a project would overwrite each other; so would two whose names differ only in case (`Orders`, `orders`), since Azure resource names and the Windows and macOS file systems ignore case. Rename one of them.',
});

export const appParameterDiffers = define<{ name: string; here: string; there: string; where: string }>({
  code: 'JIG5011',
  name: 'standard-parameter-differs',
  area: 'project',
  severity: 'error',
  title: 'Two files of a Standard app declare a param of one name differently',
  message: ({ name, here, there, where }) =>
    `The param '${name}' is '${here}' here but '${there}' in ${where}. A Standard logic app has one parameters.json for all its workflows, so the flows of both files would read one parameter: declare it alike in every file, or rename one.`,
  explanation:
    "A Standard logic app (`target: standard`, or `jig build --target standard`) keeps the parameters of all its workflows in one `parameters.json`, one entry a name, and every workflow's `@parameters('NAME')` reads that entry. So a param that two files of the project declare is one parameter of the app. Declared alike (the same type, the same default, or both a `secret`), that is what both files mean, and it is written once. Declared differently, one file's flows would run with the other file's value or type (a `string` in one file and a `secret` in the other would let the first file send the secret anywhere), so the declaration in the later file, in file-name order, is an error that names the first. Give both the same type and default, or give one of them another name. Consumption and ARM workflows each declare their own parameters, so there the two files may differ.",
});

// ---------------------------------------------------------------------------------------------
// Policy and project files are read as carefully as sources (named-files.ts): a file that fails one
// of these checks is not shown, and the project or policy it belongs to is not used.

/** Which file a refusal is about, as the message names it: `the policy file 'p.yaml'`. */
interface NamedFileArgs {
  readonly what: 'project file' | 'policy file' | 'test file';
  readonly path: string;
}

export const namedFileNotRegular = define<NamedFileArgs & { kind: string }>({
  code: 'JIG5005',
  name: 'file-not-regular',
  area: 'project',
  severity: 'error',
  title: 'A policy or project file is not a regular file',
  message: ({ what, path, kind }) => `The ${what} '${path}' is ${kind}, not a regular file; it was not read.`,
  explanation:
    'jig.yaml, the policy file it names and every file a policy `extends` must be regular files. A FIFO would make the compiler wait forever for a writer, a device such as /dev/zero would never end, and a folder holds no policy; so anything else is refused before it is opened for reading, and the project it belongs to is not compiled. Name the YAML file itself.',
});

export const namedFileTooLarge = define<NamedFileArgs & { size: number; limit: number }>({
  code: 'JIG5006',
  name: 'file-too-large',
  area: 'project',
  severity: 'error',
  title: 'A policy or project file is larger than the compiler accepts',
  message: ({ what, path, size, limit }) =>
    `The ${what} '${path}' is ${(size / 1048576).toFixed(1)} MB; policy and project files are limited to ${(limit / 1048576).toFixed(0)} MB, as sources are. It was not read.`,
  explanation:
    'Policy and project files have the size limit of source files (10 MB), judged from the file system before anything is read, and no read goes past it. A real policy is a few kilobytes; a file this large is not one.',
});

export const namedFileNotText = define<NamedFileArgs & { problem: string }>({
  code: 'JIG5007',
  name: 'file-not-text',
  area: 'project',
  severity: 'error',
  title: 'A policy or project file is not UTF-8 text',
  message: ({ what, path, problem }) => `The ${what} '${path}' is not UTF-8 text (${problem}); none of it is shown.`,
  explanation:
    'Policy and project files are YAML, which is UTF-8 text. A file with NUL bytes or bytes that are not UTF-8 is not the YAML it was named as, so it is refused whole: no part of it is parsed or shown in a message. Save it as UTF-8, or name the right file.',
});

export const namedFileNotYaml = define<NamedFileArgs & { name: string }>({
  code: 'JIG5008',
  name: 'file-not-yaml',
  area: 'project',
  severity: 'error',
  title: 'A file named as a policy or project file is not a .yaml file',
  message: ({ what, path, name }) =>
    `The ${what} '${path}' ${name === path ? 'is' : `leads to '${name}', which is`} not a .yaml or .yml file; it was not read.`,
  explanation:
    "A policy file, and every file a policy `extends`, is a YAML file whose name ends in `.yaml` or `.yml`, and so is the file a symbolic link names. Anything else (a key file, /etc/passwd, a repository's .git/config) is refused before it is read, so that none of its text can reach a message or a CI log.",
});

export const namedFileOutsideProject = define<NamedFileArgs & { realPath: string; where: string }>({
  code: 'JIG5009',
  name: 'file-outside-project',
  area: 'project',
  severity: 'error',
  title: 'A policy or project file lies outside the project and its repository',
  message: ({ what, path, realPath, where }) =>
    `The ${what} '${path}' ${realPath === path ? 'lies' : `leads to '${realPath}', which lies`} ${where}; it was not read.`,
  explanation:
    "jig.yaml, its policy and every file a policy `extends` must lie, once symbolic links are followed, inside the project's folder (the folder of jig.yaml) or the repository that holds it (the nearest folder above with a `.git`), and not inside `.git` itself. A pull request that names `../../.ssh/config.yaml` or links a policy to a file elsewhere on the machine is refused before anything is read, so that no file outside the project can reach a message or a CI log. `--policy FILE` and `jig policy check FILE` apply the same limit around FILE's own folder and repository.",
});

export const namedFileUnreadable = define<NamedFileArgs & { reason: string }>({
  code: 'JIG5010',
  name: 'file-unreadable',
  area: 'project',
  severity: 'error',
  title: 'A policy or project file cannot be read',
  message: ({ what, path, reason }) => `The ${what} '${path}' cannot be read: ${reason}.`,
  explanation:
    'The file exists but the file system refused to read it (permissions, a broken link, a file removed while it was read). The project it belongs to is not compiled: checking against another policy would be worse than not checking.',
});

/** The codes of files refused before they could be read: an input error (exit code 2), as an unreadable source is. */
export const REFUSED_FILE_CODES: ReadonlySet<string> = new Set(
  [namedFileNotRegular, namedFileTooLarge, namedFileNotText, namedFileNotYaml, namedFileOutsideProject, namedFileUnreadable].map((entry) => entry.code),
);
