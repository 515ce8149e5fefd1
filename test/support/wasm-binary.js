// WebAssembly binaries written byte by byte, for the runner's tests of what asc cannot produce:
// malformed modules, a shared memory without a maximum, imports of the wrong kind.

/** An unsigned LEB128. */
export function uleb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** A name: its UTF-8 length, then its bytes. */
export function name(s) {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/** A section: id, size, contents. */
export function section(id, contents) {
  return [id, ...uleb(contents.length), ...contents];
}

/** A vector: count, then the items' bytes. */
export function vec(items) {
  return [...uleb(items.length), ...items.flat()];
}

export const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module of `parts` (sections, or raw bytes) after the header. */
export function wasmModule(...parts) {
  return new Uint8Array([...HEADER, ...parts.flat()]);
}

export const I32 = 0x7f;
export const I64 = 0x7e;

/** A function type. */
export const funcType = (params, results) => [0x60, ...vec(params.map((t) => [t])), ...vec(results.map((t) => [t]))];

/** Import entries. */
export const importFunc = (module, field, typeIndex) => [...name(module), ...name(field), 0x00, ...uleb(typeIndex)];
export const importMemory = (flags, initial, maximum, module = 'env', field = 'memory') =>
  [...name(module), ...name(field), 0x02, flags, ...uleb(initial), ...(maximum === undefined ? [] : uleb(maximum))];
export const importGlobal = (module, field, type = I32) => [...name(module), ...name(field), 0x03, type, 0x00];

/**
 * A whole guest: type 0 is () -> (), then `imports`, one function (type 0, body `code`: an
 * instruction sequence ending in 0x0b) exported as _start (and run by a start section with
 * `start`), `memories` of its own (limits bytes), and an immutable i32 global
 * uring_abi_version = `abi` (none if undefined).
 */
export function guestModule({ imports, code = [0x0b], abi = 1, start = false, memories = [] }) {
  const funcImports = imports.filter((entry) => isFuncImport(entry)).length;
  const body = [0x00, ...code]; // no locals
  const exportsList = [[...name('_start'), 0x00, ...uleb(funcImports)]];
  if (abi !== undefined) exportsList.push([...name('uring_abi_version'), 0x03, 0x00]);
  return wasmModule(
    section(1, vec([funcType([], [])])),
    section(2, vec(imports)),
    section(3, vec([[0x00]])),
    memories.length ? section(5, vec(memories)) : [],
    abi === undefined ? [] : section(6, vec([[I32, 0x00, 0x41, ...sleb(abi), 0x0b]])),
    section(7, vec(exportsList)),
    start ? section(8, uleb(funcImports)) : [],
    section(10, vec([[...uleb(body.length), ...body]])),
  );
}

/** Whether an import entry (as importFunc builds it) imports a function: its kind byte. */
function isFuncImport(entry) {
  // module name, field name, then the kind.
  let at = 0;
  for (let i = 0; i < 2; i++) {
    let length = 0;
    let shift = 1;
    for (;;) {
      const b = entry[at++];
      length += (b & 0x7f) * shift;
      shift *= 128;
      if ((b & 0x80) === 0) break;
    }
    at += length;
  }
  return entry[at] === 0x00;
}

/** A signed LEB128 (small values). */
function sleb(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
