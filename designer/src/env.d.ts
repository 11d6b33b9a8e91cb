// Stylesheets are bundled by esbuild (designer/build.ts).
declare module '*.css';
