// A guest that imports "uring" but does not say which bridge ABI version it was built for.
@external("uring", "page_size") declare function page_size(): u32;
@external("wasi_snapshot_preview1", "proc_exit") declare function proc_exit(code: u32): void;

// Must never run: the runner refuses it first (exit 77 would say it ran).
proc_exit(page_size() > 0 ? 77 : 78);
