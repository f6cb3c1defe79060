/** A file imported with `?url` (Vite): emitted with the bundle, imported as its URL on the app's own origin. */
declare module '*?url' {
  const url: string;
  export default url;
}
