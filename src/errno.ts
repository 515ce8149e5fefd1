// errno values as the kernel answers them (a CQE's res, a syscall's return through the bridge):
// negative. Node's own table (os.constants.errno), not restated.

import { constants } from 'node:os';

const { errno } = constants;
export const EIO = -errno.EIO;
export const EINTR = -errno.EINTR;
export const EBADF = -errno.EBADF;
export const EAGAIN = -errno.EAGAIN;
export const ENOMEM = -errno.ENOMEM;
export const EBUSY = -errno.EBUSY;
export const EISDIR = -errno.EISDIR;
export const EINVAL = -errno.EINVAL;
export const ETIME = -errno.ETIME;
export const EOVERFLOW = -errno.EOVERFLOW;
export const EOPNOTSUPP = -errno.EOPNOTSUPP;
export const ECANCELED = -errno.ECANCELED;
