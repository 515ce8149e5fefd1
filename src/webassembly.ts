// The WebAssembly types wasm-uring's declarations name (WebAssembly.Memory, WebAssembly.Module).
// TypeScript declares them only in its DOM library: without it, these empty interfaces stand in,
// so the declarations check under `--lib es2022 --types node`; with it, they merge into the DOM's.

declare global {
  namespace WebAssembly {
    interface Memory {}
    interface Module {}
  }
}

export {};
