// Just enough of the WebAssembly binary format for the conformance suite and its tests: encoding
// small modules (the trampoline that calls a host's imports as Wasm code does, modules that
// export some uring_abi_version or none) and reading which functions a module imports, with
// their signatures (the JS API does not say).

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
const VALTYPE_NAME = new Map(Object.entries(VALTYPE).map(([name, code]) => [code, name as ValType]));

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

/** The function imports of the module in `bytes`, with their signatures, in import order. */
export function functionImports(bytes: Uint8Array): { module: string; name: string; type: FuncType }[] {
  let at = 8;
  const byte = () => bytes[at++]!;
  const u = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = byte();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return result;
    }
  };
  const text = (): string => {
    const length = u();
    const value = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return value;
  };
  const valType = (): ValType => {
    const code = byte();
    const type = VALTYPE_NAME.get(code);
    if (!type) throw new Error(`value type 0x${code.toString(16)} is not a number type`);
    return type;
  };
  const limits = () => {
    const flags = byte();
    u();
    if (flags & 1) u();
  };
  const types: FuncType[] = [];
  const found: { module: string; name: string; type: FuncType }[] = [];
  while (at < bytes.length) {
    const id = byte();
    const size = u();
    const end = at + size;
    if (id === 1) {
      for (let n = u(); n > 0; n--) {
        if (byte() !== 0x60) throw new Error('a type that is not a function type');
        const params = Array.from({ length: u() }, valType);
        const results = Array.from({ length: u() }, valType);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; n--) {
        const module = text();
        const field = text();
        const kind = byte();
        if (kind === 0x00) found.push({ module, name: field, type: types[u()]! });
        else if (kind === 0x01) (byte(), limits());
        else if (kind === 0x02) limits();
        else if (kind === 0x03) (byte(), byte());
        else throw new Error(`import kind ${kind}`);
      }
      return found;
    }
    at = end;
  }
  return found;
}

/** The globals the module in `bytes` exports: name, value type and mutability. */
export function exportedGlobals(bytes: Uint8Array): { name: string; type: ValType; mutable: boolean }[] {
  let at = 8;
  const byte = () => bytes[at++]!;
  const u = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = byte();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return result;
    }
  };
  const skipName = () => {
    at += u();
  };
  const text = (): string => {
    const length = u();
    const value = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return value;
  };
  const limits = () => {
    const flags = byte();
    u();
    if (flags & 1) u();
  };
  const globals: { type: ValType; mutable: boolean }[] = [];
  const exported: { name: string; index: number }[] = [];
  while (at < bytes.length) {
    const id = byte();
    const size = u();
    const end = at + size;
    if (id === 2) {
      for (let n = u(); n > 0; n--) {
        skipName();
        skipName();
        const kind = byte();
        if (kind === 0x00) u();
        else if (kind === 0x01) (byte(), limits());
        else if (kind === 0x02) limits();
        else if (kind === 0x03) globals.push({ type: VALTYPE_NAME.get(byte())!, mutable: byte() === 1 });
      }
    } else if (id === 6) {
      for (let n = u(); n > 0; n--) {
        globals.push({ type: VALTYPE_NAME.get(byte())!, mutable: byte() === 1 });
        // The init expression: constant instructions up to `end` (0x0b).
        for (let b = byte(); b !== 0x0b; b = byte()) {
          if (b === 0x41 || b === 0x42 || b === 0x23) while (byte() & 0x80);
          else if (b === 0x43) at += 4;
          else if (b === 0x44) at += 8;
        }
      }
    } else if (id === 7) {
      for (let n = u(); n > 0; n--) {
        const name = text();
        const kind = byte();
        const index = u();
        if (kind === 0x03) exported.push({ name, index });
      }
    }
    at = end;
  }
  return exported.map(({ name, index }) => ({ name, ...globals[index]! }));
}
