// A WASI command that does not import "uring" (and so says no bridge ABI version): it runs.
@external("wasi_snapshot_preview1", "proc_exit") declare function proc_exit(code: u32): void;

proc_exit(3);
