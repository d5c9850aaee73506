// esbuild bundles .css imports as text (see esbuild.js), for adoption as a constructable stylesheet.
declare module '*.css' {
  const text: string;
  export default text;
}
