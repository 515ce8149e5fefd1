// The errno values ring.wasm names (Linux's, as <errno.h> has them; results carry them negated).

@inline export const EINTR: i32 = 4;
@inline export const EAGAIN: i32 = 11;
@inline export const ENOMEM: i32 = 12;
@inline export const EFAULT: i32 = 14;
@inline export const EBUSY: i32 = 16;
@inline export const EINVAL: i32 = 22;
@inline export const ETIME: i32 = 62;
@inline export const EOPNOTSUPP: i32 = 95;
