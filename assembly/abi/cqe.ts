// struct io_uring_cqe: one completion queue entry, 16 bytes (32 with IORING_SETUP_CQE32).
//
//    0                                                       8
//    ├──────────────── user_data (from the SQE) ──────────────┤
//    8                            12                         16
//    ├──────── res (≥0 or -errno) ─┼────────── flags ─────────┤

@unmanaged
export class io_uring_cqe {
  user_data: u64;
  res: i32;
  flags: u32;
}
