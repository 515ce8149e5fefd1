// What a guest binary declares, read from its bytes before the engine compiles it: its imports
// (with their function types and the limits of the memory it imports), the memories it defines
// itself, and whether it has a start section. The engine's reflection (WebAssembly.Module.imports)
// names imports but says neither a memory's limits nor a function's type, and a start section
// would run code at instantiation, before the guest's bridge ABI version could be checked.
//
// Only the sections needed are parsed (type 1, import 2, memory 5, global 6, export 7, start 8); every other section
// is skipped by its size. Whatever the module holds, this answers or throws
// ERR_URING_GUEST_INVALID naming the byte offset: it never reads past the end, never loops on a
// count the bytes cannot hold. The engine validates the whole module afterwards.

import { uringError, type UringError } from '../errors.js';

/** A value type as the runner checks signatures: the number types by name, any reference 'ref'. */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'ref';

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** A memory type's limits, in 64 KiB pages. */
export interface MemoryLimits {
  readonly initial: number;
  /** Undefined when the memory may grow without bound. */
  readonly maximum: number | undefined;
  readonly shared: boolean;
  /** A 64-bit memory (the memory64 proposal). */
  readonly memory64: boolean;
  /** The custom-page-sizes proposal: a page size other than 64 KiB (its log2), else undefined. */
  readonly pageSizeLog2: number | undefined;
}

export type ImportKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface GuestImport {
  readonly module: string;
  readonly name: string;
  readonly kind: ImportKind;
  /** A function's type; undefined when its type section uses forms this reader does not take apart (GC types). */
  readonly type?: FuncType;
  /** A memory's limits. */
  readonly limits?: MemoryLimits;
}

export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

export type ExportKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface ModuleExport {
  readonly name: string;
  readonly kind: ExportKind;
  /** For a global: its type (undefined when an initializer uses forms this reader does not take apart). */
  readonly global?: GlobalType;
}

export interface ModuleInfo {
  readonly imports: readonly GuestImport[];
  readonly exports: readonly ModuleExport[];
  /** The limits of each memory the module defines itself (its memory section). */
  readonly definedMemories: readonly MemoryLimits[];
  /** Whether it has a start section: a function the engine runs at instantiation. */
  readonly startSection: boolean;
}

export const WASM_PAGE = 65536;

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count', 'tag'];

/** The error for bytes that are not a WebAssembly module the runner can take. */
export function invalidGuest(name: string, what: string): UringError {
  return uringError('ERR_URING_GUEST_INVALID', `${name} is not a valid WebAssembly module: ${what}`);
}

class Malformed extends Error {}

/** A bounded cursor over the module's bytes. */
class Reader {
  pos: number;
  constructor(readonly bytes: Uint8Array, pos: number, readonly end: number) {
    this.pos = pos;
  }

  fail(what: string, at = this.pos): never {
    throw new Malformed(`${what} at byte offset ${at}`);
  }

  get left(): number {
    return this.end - this.pos;
  }

  byte(what: string): number {
    if (this.pos >= this.end) this.fail(`unexpected end of ${what}`);
    return this.bytes[this.pos++]!;
  }

  /** An unsigned LEB128 of at most `bits` bits (32 or 64), as a number (exact below 2^53). */
  uleb(what: string, bits = 32): number {
    const start = this.pos;
    const maxBytes = Math.ceil(bits / 7);
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      const b = this.byte(what);
      if (i === maxBytes - 1) {
        // The last byte may only hold the bits that are left, and no continuation.
        const spare = bits - 7 * i;
        if (b & 0x80 || b >> spare !== 0) this.fail(`${what}: LEB128 too long or out of range for u${bits}`, start);
      }
      value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return value;
    }
  }

  /** A signed LEB128 of at most 33 bits (a heap type), checked but only skipped. */
  s33(what: string): void {
    const start = this.pos;
    for (let i = 0; ; i++) {
      const b = this.byte(what);
      if (i === 4) {
        // 33 bits: 5 bytes, the last holding 5 bits, its unused ones copies of the sign bit.
        const high = b & 0x70;
        if (b & 0x80 || (high !== 0 && high !== 0x70)) this.fail(`${what}: LEB128 too long for s33`, start);
        return;
      }
      if ((b & 0x80) === 0) return;
    }
  }

  /** A count of entries each at least `minSize` bytes long: more than the bytes left can hold is malformed. */
  count(what: string, minSize = 1): number {
    const at = this.pos;
    const n = this.uleb(`${what} count`);
    if (n * minSize > this.left) this.fail(`${what} count ${n} is more than the section's ${this.left} remaining bytes can hold`, at);
    return n;
  }

  name(what: string): string {
    const at = this.pos;
    const length = this.uleb(`${what} length`);
    if (length > this.left) this.fail(`${what} of ${length} bytes runs past the end of its section`, at);
    const bytes = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return this.fail(`${what} is not valid UTF-8`, at);
    }
  }

  valType(what: string): ValType {
    const at = this.pos;
    const b = this.byte(what);
    switch (b) {
      case 0x7f: return 'i32';
      case 0x7e: return 'i64';
      case 0x7d: return 'f32';
      case 0x7c: return 'f64';
      case 0x7b: return 'v128';
      case 0x63: // (ref null ht)
      case 0x64: // (ref ht)
        this.s33(`${what} heap type`);
        return 'ref';
      default:
        // The abbreviated reference types: funcref 0x70, externref 0x6f, and the GC and
        // exception-handling proposals' (0x69 exnref … 0x74 nullexnref).
        if (b >= 0x69 && b <= 0x74) return 'ref';
        return this.fail(`unknown value type 0x${b.toString(16).padStart(2, '0')} in ${what}`, at);
    }
  }

  /** A memory type's limits (flags byte: 1 has a maximum, 2 shared, 4 64-bit, 8 custom page size). */
  memoryLimits(what: string): MemoryLimits {
    const at = this.pos;
    const flags = this.byte(`${what} limits`);
    if (flags & ~0x0f) this.fail(`unknown memory limits flags 0x${flags.toString(16).padStart(2, '0')} in ${what}`, at);
    const memory64 = (flags & 4) !== 0;
    const bits = memory64 ? 64 : 32;
    const initial = this.uleb(`${what} initial size`, bits);
    const maximum = flags & 1 ? this.uleb(`${what} maximum size`, bits) : undefined;
    const pageSizeLog2 = flags & 8 ? this.uleb(`${what} page size`) : undefined;
    return { initial, maximum, shared: (flags & 2) !== 0, memory64, pageSizeLog2 };
  }

  /** A table type: its reference type and limits (flags 1 has a maximum, 4 64-bit), skipped. */
  tableType(what: string): void {
    const at = this.pos;
    if (this.valType(`${what} element type`) !== 'ref') this.fail(`${what} has a non-reference element type`, at);
    const flagsAt = this.pos;
    const flags = this.byte(`${what} limits`);
    if (flags & ~0x05) this.fail(`unknown table limits flags 0x${flags.toString(16).padStart(2, '0')} in ${what}`, flagsAt);
    const bits = flags & 4 ? 64 : 32;
    this.uleb(`${what} initial size`, bits);
    if (flags & 1) this.uleb(`${what} maximum size`, bits);
  }

  /** A LEB128 of at most `maxBytes` bytes, skipped (the constants of an initializer). */
  skipLeb(what: string, maxBytes: number): void {
    const start = this.pos;
    for (let i = 0; i < maxBytes; i++) if ((this.byte(what) & 0x80) === 0) return;
    this.fail(`${what}: LEB128 too long`, start);
  }

  /**
   * A constant expression (a global's initializer) up to its `end`, skipped; false when it uses
   * instructions past the MVP, extended-const and SIMD constants (the GC proposal's), whose
   * immediates this reader does not know: the section's rest is then left to the engine.
   */
  constExpr(what: string): boolean {
    for (;;) {
      const at = this.pos;
      const op = this.byte(what);
      switch (op) {
        case 0x0b: return true; // end
        case 0x41: this.skipLeb(`${what} i32.const`, 5); break;
        case 0x42: this.skipLeb(`${what} i64.const`, 10); break;
        case 0x43: this.skip(4, `${what} f32.const`); break;
        case 0x44: this.skip(8, `${what} f64.const`); break;
        case 0x23: this.uleb(`${what} global.get`); break;
        case 0xd0: this.s33(`${what} ref.null`); break;
        case 0xd2: this.uleb(`${what} ref.func`); break;
        case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break; // extended const
        case 0xfd:
          if (this.uleb(`${what} SIMD opcode`) !== 12) this.fail(`a SIMD instruction other than v128.const in ${what}`, at);
          this.skip(16, `${what} v128.const`);
          break;
        case 0xfb: return false;
        default: this.fail(`instruction 0x${op.toString(16).padStart(2, '0')} in ${what}, which is no constant expression`, at);
      }
    }
  }

  skip(n: number, what: string): void {
    if (n > this.left) this.fail(`unexpected end of ${what}`);
    this.pos += n;
  }

  globalType(what: string): GlobalType {
    const type = this.valType(`${what} type`);
    const at = this.pos;
    const mutability = this.byte(`${what} mutability`);
    if (mutability > 1) this.fail(`invalid global mutability ${mutability} in ${what}`, at);
    return { type, mutable: mutability === 1 };
  }

  valTypes(what: string): ValType[] {
    const n = this.count(what);
    const types: ValType[] = [];
    for (let i = 0; i < n; i++) types.push(this.valType(what));
    return types;
  }
}

/**
 * Reads what `bytes` (a WebAssembly binary) declares. `name` names the guest in errors:
 * ERR_URING_GUEST_INVALID for anything that is not a well-formed core module as far as read.
 */
export function readModuleInfo(bytes: Uint8Array, name: string): ModuleInfo {
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw uringError('ERR_URING_GUEST_INVALID', `${name} is not a WebAssembly module: it does not begin with the bytes \\0asm` +
      (bytes.length < 8 ? ` (it is ${bytes.length} bytes long)` : ''));
  }
  const version = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24);
  if (version !== 1) {
    // A component (the component model) has version 0x0d, layer 1.
    if (bytes[6] === 1 && bytes[7] === 0) throw invalidGuest(name, 'it is a WebAssembly component, not a core module');
    throw invalidGuest(name, `binary format version ${version >>> 0} (the runner reads version 1)`);
  }
  try {
    return readSections(new Reader(bytes, 8, bytes.length));
  } catch (error) {
    if (error instanceof Malformed) throw invalidGuest(name, error.message);
    throw error;
  }
}

function readSections(r: Reader): ModuleInfo {
  let types: (FuncType | undefined)[] | undefined = [];
  const rawImports: { module: string; name: string; kind: ImportKind; typeIndex?: number; limits?: MemoryLimits; at: number }[] = [];
  const definedMemories: MemoryLimits[] = [];
  /** Every global, imported ones first (the index space); undefined once an initializer could not be read. */
  let globals: GlobalType[] | undefined = [];
  const rawExports: { name: string; kind: ExportKind; index: number }[] = [];
  let startSection = false;
  const seen = new Set<number>();
  while (r.pos < r.end) {
    const at = r.pos;
    const id = r.byte('section id');
    const size = r.uleb('section size');
    if (size > r.left) r.fail(`section ${id} (${SECTION_NAMES[id] ?? 'unknown'}) of ${size} bytes runs past the end of the module`, at);
    const s = new Reader(r.bytes, r.pos, r.pos + size);
    r.pos += size;
    if (id !== 0) {
      if (id >= SECTION_NAMES.length) s.fail(`unknown section id ${id}`, at);
      if (seen.has(id)) s.fail(`a second ${SECTION_NAMES[id]} section`, at);
      seen.add(id);
    }
    switch (id) {
      case 1: {
        const n = s.count('type', 3);
        for (let i = 0; i < n && types; i++) {
          const formAt = s.pos;
          const form = s.byte('type form');
          if (form !== 0x60) {
            // Recursive or sub types (the GC proposal): signatures are left to the engine.
            if (form === 0x4e || form === 0x4f || form === 0x50 || form === 0x5e || form === 0x5f) {
              types = undefined;
              s.pos = s.end;
              break;
            }
            s.fail(`unknown type form 0x${form.toString(16).padStart(2, '0')}`, formAt);
          }
          const params = s.valTypes('function parameter types');
          const results = s.valTypes('function result types');
          types.push({ params, results });
        }
        break;
      }
      case 2: {
        const n = s.count('import', 4);
        for (let i = 0; i < n; i++) {
          const entryAt = s.pos;
          const module = s.name('import module name');
          const field = s.name('import name');
          const kindAt = s.pos;
          const kind = s.byte('import kind');
          const what = `import "${module}"."${field}"`;
          switch (kind) {
            case 0x00: rawImports.push({ module, name: field, kind: 'function', typeIndex: s.uleb(`${what} type index`), at: entryAt }); break;
            case 0x01: s.tableType(what); rawImports.push({ module, name: field, kind: 'table', at: entryAt }); break;
            case 0x02: rawImports.push({ module, name: field, kind: 'memory', limits: s.memoryLimits(what), at: entryAt }); break;
            case 0x03: {
              const global = s.globalType(what);
              globals?.push(global);
              rawImports.push({ module, name: field, kind: 'global', at: entryAt });
              break;
            }
            case 0x04: {
              const attrAt = s.pos;
              if (s.byte(`${what} attribute`) !== 0) s.fail(`invalid tag attribute in ${what}`, attrAt);
              s.uleb(`${what} type index`);
              rawImports.push({ module, name: field, kind: 'tag', at: entryAt });
              break;
            }
            default:
              s.fail(`unknown import kind 0x${kind.toString(16).padStart(2, '0')} in ${what}`, kindAt);
          }
        }
        break;
      }
      case 5: {
        const n = s.count('memory', 2);
        for (let i = 0; i < n; i++) definedMemories.push(s.memoryLimits('memory'));
        break;
      }
      case 6: {
        const n = s.count('global', 3);
        for (let i = 0; i < n && globals; i++) {
          const global = s.globalType('global');
          if (s.constExpr('global initializer')) globals.push(global);
          else {
            globals = undefined;
            s.pos = s.end;
          }
        }
        break;
      }
      case 7: {
        const n = s.count('export', 3);
        const kinds: ExportKind[] = ['function', 'table', 'memory', 'global', 'tag'];
        for (let i = 0; i < n; i++) {
          const exportName = s.name('export name');
          const kindAt = s.pos;
          const kind = kinds[s.byte('export kind')];
          if (!kind) s.fail(`unknown kind of export "${exportName}"`, kindAt);
          rawExports.push({ name: exportName, kind, index: s.uleb(`export "${exportName}" index`) });
        }
        break;
      }
      case 8:
        s.uleb('start function index');
        startSection = true;
        break;
      default:
        s.pos = s.end; // not needed: the engine validates it
    }
    if (s.pos !== s.end) s.fail(`section ${id} (${SECTION_NAMES[id]}) is ${size} bytes long but its contents end after ${s.pos - (s.end - size)}`, at);
  }
  const imports = rawImports.map(({ typeIndex, at, ...entry }): GuestImport => {
    if (typeIndex === undefined) return entry;
    if (types === undefined) return entry;
    const type = types[typeIndex];
    if (type === undefined) r.fail(`import "${entry.module}"."${entry.name}" names type ${typeIndex}, but the module declares ${types.length} types`, at);
    return { ...entry, type };
  });
  const exports = rawExports.map(({ name, kind, index }): ModuleExport =>
    (kind === 'global' && globals?.[index] ? { name, kind, global: globals[index] } : { name, kind }));
  return { imports, exports, definedMemories, startSection };
}

/** What the engine's reflection says of a compiled module (no types, no limits, no start section). */
export function reflectModuleInfo(module: WebAssembly.Module): ModuleInfo {
  return {
    imports: WebAssembly.Module.imports(module).map(({ module: m, name, kind }) => ({ module: m, name, kind: kind as ImportKind })),
    exports: WebAssembly.Module.exports(module).map(({ name, kind }) => ({ name, kind: kind as ExportKind })),
    definedMemories: [],
    startSection: false,
  };
}

/** "(i32, i32) -> i32", as messages show a function type. */
export function formatType(type: FuncType): string {
  const results = type.results.length === 0 ? '()' : type.results.length === 1 ? type.results[0]! : `(${type.results.join(', ')})`;
  return `(${type.params.join(', ')}) -> ${results}`;
}
