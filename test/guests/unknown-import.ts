// A guest importing what the runner does not provide (and one thing that it does).
@external("uring", "page_size") declare function page_size(): u32;
@external("uring", "io_uring_frobnicate") declare function frobnicate(fd: i32): i32;
@external("env", "console.log") declare function log(message: usize): void;

export const uring_abi_version: u32 = 2;

log(frobnicate(page_size()));
