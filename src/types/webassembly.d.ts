// The slice of the WebAssembly JS API that wasm-uring uses. TypeScript ships these only in its
// DOM library, and @types/node 20 lacks them; declaring the few we need beats pulling the DOM in.

declare namespace WebAssembly {
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: BufferSource);
    static imports(module: Module): { module: string; name: string; kind: string }[];
    static exports(module: Module): { name: string; kind: string }[];
  }
  type ExportValue = Function | Global | Memory | Table;
  type Exports = Record<string, ExportValue>;
  type ImportValue = ExportValue | number;
  type ModuleImports = Record<string, ImportValue>;
  type Imports = Record<string, ModuleImports>;
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class Global {
    value: any;
    valueOf(): any;
  }
  class Table {
    readonly length: number;
  }
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
  function compile(bytes: BufferSource): Promise<Module>;
  class CompileError extends Error {}
  class LinkError extends Error {}
  class RuntimeError extends Error {}
}
type BufferSource = ArrayBufferView | ArrayBuffer;
