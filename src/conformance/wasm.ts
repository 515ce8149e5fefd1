// Just enough of the WebAssembly binary format for the conformance suite and its tests: encoding
// small modules (the trampoline that calls a host's imports as Wasm code does, modules that
// export some uring_abi_version or none). Reading a module's declarations is src/guest/module.ts.

export type ValType = 'i32' | 'i64' | 'f32' | 'f64';

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface ModuleSpec {
  /** Function imports; they take the first function indices. */
  readonly imports?: readonly { module: string; name: string; type: FuncType }[];
  /** Defined functions: `body` is the code before the final `end` (see op). */
  readonly functions?: readonly { type: FuncType; body: readonly number[]; export?: string }[];
  readonly globals?: readonly { type: 'i32' | 'i64' | 'f64'; value: number | bigint; mutable?: boolean; export?: string }[];
  /** The index of the function to run at instantiation. */
  readonly start?: number;
}

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(value: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const name = (text: string): number[] => {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
const funcType = (t: FuncType): number[] =>
  [0x60, ...vec(t.params.map((p) => [VALTYPE[p]])), ...vec(t.results.map((r) => [VALTYPE[r]]))];

/** Instruction encoders for function bodies. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  call: (i: number) => [0x10, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(BigInt(v | 0))],
  drop: () => [0x1a],
};

function constExpr(type: 'i32' | 'i64' | 'f64', value: number | bigint): number[] {
  if (type === 'i32') return [0x41, ...sleb(BigInt(Number(value) | 0)), 0x0b];
  if (type === 'i64') return [0x42, ...sleb(BigInt(value)), 0x0b];
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, Number(value), true);
  return [0x44, ...bytes, 0x0b];
}

/** The binary of a module as `spec` describes it. */
export function encodeModule(spec: ModuleSpec): Uint8Array {
  const imports = spec.imports ?? [];
  const functions = spec.functions ?? [];
  const globals = spec.globals ?? [];
  const types: FuncType[] = [];
  const typeIndex = (t: FuncType): number => {
    const key = JSON.stringify(t);
    const found = types.findIndex((u) => JSON.stringify(u) === key);
    return found >= 0 ? found : types.push({ params: [...t.params], results: [...t.results] }) - 1;
  };
  const importEntries = imports.map((i) => [...name(i.module), ...name(i.name), 0x00, ...uleb(typeIndex(i.type))]);
  const functionEntries = functions.map((f) => uleb(typeIndex(f.type)));
  const exports: number[][] = [];
  functions.forEach((f, i) => {
    if (f.export !== undefined) exports.push([...name(f.export), 0x00, ...uleb(imports.length + i)]);
  });
  globals.forEach((g, i) => {
    if (g.export !== undefined) exports.push([...name(g.export), 0x03, ...uleb(i)]);
  });
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (types.length) bytes.push(...section(1, vec(types.map(funcType))));
  if (imports.length) bytes.push(...section(2, vec(importEntries)));
  if (functions.length) bytes.push(...section(3, vec(functionEntries)));
  if (globals.length) {
    bytes.push(...section(6, vec(globals.map((g) => [VALTYPE[g.type], g.mutable ? 1 : 0, ...constExpr(g.type, g.value)]))));
  }
  if (exports.length) bytes.push(...section(7, vec(exports)));
  if (spec.start !== undefined) bytes.push(...section(8, uleb(spec.start)));
  if (functions.length) {
    bytes.push(...section(10, vec(functions.map((f) => {
      const body = [0x00 /* no locals */, ...f.body, 0x0b];
      return [...uleb(body.length), ...body];
    }))));
  }
  return Uint8Array.from(bytes);
}
