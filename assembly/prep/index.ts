// SQE encoders: io_uring_prep_* of liburing, same fields and same bytes for the same arguments
// (test/encoding.test.js compares them with liburing). Addresses are process addresses. The SQE
// is expected zeroed (get_sqe does that); like liburing, user_data is left alone.
//
// By what the requests do: io (read, write, move data), files (names, opening, xattrs, the
// direct-descriptor table), net (sockets), control (poll, timeouts, cancellation, other rings,
// waits). Each encoder sits under a comment naming its opcode numbers.

export * from "./common";
export * from "./io";
export * from "./files";
export * from "./net";
export * from "./control";
