// A guest built for a bridge ABI version this host does not implement (version 1, before the plain syscalls).
@external("uring", "page_size") declare function page_size(): u32;
@external("wasi_snapshot_preview1", "proc_exit") declare function proc_exit(code: u32): void;

export const uring_abi_version: u32 = 1;

// Must never run: the runner refuses it first (exit 77 would say it ran).
proc_exit(page_size() > 0 ? 77 : 78);
