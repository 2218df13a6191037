/**
 * The value of the embedded JigAjob policy (jigajob.policy.yaml), as the bundle carries it:
 * scripts/build.mjs replaces this module with that file parsed and validated when bundling, so
 * that no run parses its YAML again (some 20 ms a process, a tenth of checking one file). Run from
 * source (tests, the language server in development) it is undefined and the text is parsed at
 * run time, as any other policy file is.
 */
export const embeddedPolicyValue: Record<string, unknown> | undefined = undefined;
