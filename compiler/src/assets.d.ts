/** Text assets bundled into the compiler (esbuild's `text` loader; a vitest plugin in tests). */
declare module '*.yaml' {
  const text: string;
  export default text;
}
