// What a guest asks of WASI (wasi_snapshot_preview1, which the runner provides): its arguments,
// environment, the clocks and exit. Everything else — files, sockets, stdio — goes through the
// ring. AssemblyScript has no WASI bindings of its own since 0.20, so these few are here.

@external("wasi_snapshot_preview1", "args_sizes_get")
declare function args_sizes_get(argc: usize, buf_size: usize): u16;
@external("wasi_snapshot_preview1", "args_get")
declare function args_get(argv: usize, buf: usize): u16;
@external("wasi_snapshot_preview1", "environ_sizes_get")
declare function environ_sizes_get(count: usize, buf_size: usize): u16;
@external("wasi_snapshot_preview1", "environ_get")
declare function environ_get(environ: usize, buf: usize): u16;
@external("wasi_snapshot_preview1", "clock_time_get")
declare function clock_time_get(id: u32, precision: u64, time: usize): u16;
@external("wasi_snapshot_preview1", "proc_exit")
declare function proc_exit(code: u32): void;

/** Clock ids of clock_time_get. */
export const CLOCK_REALTIME: u32 = 0;
export const CLOCK_MONOTONIC: u32 = 1;

/** A WASI list of NUL-terminated UTF-8 strings (args, environ) as strings. */
function strings(sizes: (count: usize, size: usize) => u16, get: (list: usize, buf: usize) => u16): string[] {
  const counts = heap.alloc(2 * sizeof<usize>());
  const out = new Array<string>();
  if (sizes(counts, counts + sizeof<usize>()) == 0) {
    const n = load<usize>(counts);
    const list = heap.alloc(n * sizeof<usize>() + 1);
    const buf = heap.alloc(load<usize>(counts, sizeof<usize>()) + 1);
    if (get(list, buf) == 0) {
      for (let i: usize = 0; i < n; i++) {
        const at = load<usize>(list + i * sizeof<usize>());
        let end = at;
        while (load<u8>(end)) end++;
        out.push(String.UTF8.decodeUnsafe(at, end - at));
      }
    }
    heap.free(buf);
    heap.free(list);
  }
  heap.free(counts);
  return out;
}

/** The guest's arguments; [0] is its name. */
export function guest_args(): string[] {
  return strings(args_sizes_get, args_get);
}

/** The value of environment variable `name`, or null. */
export function guest_env(name: string): string | null {
  const prefix = name + "=";
  const all = strings(environ_sizes_get, environ_get);
  for (let i = 0; i < all.length; i++) {
    if (all[i].startsWith(prefix)) return all[i].substring(prefix.length);
  }
  return null;
}

/** Nanoseconds of clock `id` (CLOCK_REALTIME: since the epoch; CLOCK_MONOTONIC: since some start). */
export function guest_clock_ns(id: u32 = CLOCK_MONOTONIC): u64 {
  const at = heap.alloc(8);
  const ret = clock_time_get(id, 1, at);
  const ns = ret == 0 ? load<u64>(at) : 0;
  heap.free(at);
  return ns;
}

/** Ends the guest with exit status `code`. */
export function guest_exit(code: i32): void {
  proc_exit(<u32>code);
}
