// A guest declaring a bridge import with the wrong type: io_uring_setup takes (entries, params).
@external("uring", "io_uring_setup") declare function io_uring_setup(entries: u32): i32;
@external("wasi_snapshot_preview1", "proc_exit") declare function proc_exit(code: u64): void;

export const uring_abi_version: u32 = 2;

proc_exit(io_uring_setup(4));
