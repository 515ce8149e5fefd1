// A guest that only asks the bridge for the page size and exits 0 if it got one, built with
// different flags by the runner's tests: the memory and entry it declares is what they check.
@external("uring", "page_size") declare function page_size(): u32;
@external("wasi_snapshot_preview1", "proc_exit") declare function proc_exit(code: u32): void;

export const uring_abi_version: u32 = 2;

proc_exit(page_size() >= 4096 ? 0 : 1);
