// The AssemblyScript entry of the package: `import { … } from "wasm-uring"` in an AssemblyScript
// program resolves here (asc looks for node_modules/wasm-uring/index.ts; package.json's ascMain
// names the same library for tools that read it). JavaScript users get dist/src/index.js.
export * from "./assembly/guest/index";
