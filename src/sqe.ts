// Adjusting a prepared SQE before submit(): liburing's io_uring_sqe_set_* as Ring methods.
// `sqe` must be a handle a prep* method of this ring returned, not yet submitted. Installed on
// Ring.prototype next to the prep* methods (src/ring.ts).

import { kCore, type RingCore } from './core.js';
import { u16Arg, u8Arg, userDataArg } from './arguments.js';
import { invalidArgType, invalidArgValue } from './validate.js';

interface HasCore {
  readonly [kCore]: RingCore;
}

/** The core, once `sqe` is known to be one of its ring's SQEs prepared and not yet submitted. */
function prepared(ring: HasCore, sqe: number): RingCore {
  const core = ring[kCore];
  const h = core.handle();
  if (sqe >>> 0 !== sqe || !core.wasm.sqe_prepared(h, sqe)) {
    if (typeof sqe !== 'number') throw invalidArgType('sqe', 'number', sqe);
    throw invalidArgValue('sqe', sqe, 'must be the handle of an SQE this ring prepared and has not submitted yet');
  }
  return core;
}

export const sqeMethods = {
  /** io_uring_sqe_set_flags: IOSQE_* flags (IO_LINK, IO_DRAIN, ASYNC, FIXED_FILE, …); replaces its flags. */
  setSqeFlags(this: HasCore, sqe: number, flags: number): void {
    const core = prepared(this, sqe);
    u8Arg(flags, 'flags');
    core.wasm.sqe_set_flags(sqe, flags);
  },
  /** Adds IOSQE_* flags to those a prepared SQE has (its encoder may have set some, e.g. BUFFER_SELECT). */
  addSqeFlags(this: HasCore, sqe: number, flags: number): void {
    const core = prepared(this, sqe);
    u8Arg(flags, 'flags');
    core.wasm.sqe_add_flags(sqe, flags);
  },
  /** io_uring_sqe_set_data64: a new userData; what the SQE holds moves with it. */
  setSqeUserData(this: HasCore, sqe: number, userData: number): void {
    const core = prepared(this, sqe);
    userDataArg(userData);
    core.pins.retag(sqe, userData);
    core.wasm.sqe_set_user_data(sqe, userData);
  },
  setSqeIoprio(this: HasCore, sqe: number, ioprio: number): void {
    const core = prepared(this, sqe);
    u16Arg(ioprio, 'ioprio');
    // IORING_RECV_MULTISHOT, IORING_ACCEPT_MULTISHOT… live here: the request may post several CQEs.
    if (ioprio !== 0) core.pins.multi();
    core.wasm.sqe_set_ioprio(sqe, ioprio);
  },
  /** The credentials registered under `id` (registerPersonality). */
  setSqePersonality(this: HasCore, sqe: number, id: number): void {
    const core = prepared(this, sqe);
    u16Arg(id, 'id');
    core.wasm.sqe_set_personality(sqe, id);
  },
  /** io_uring_sqe_set_buf_group: with IOSQE_BUFFER_SELECT, the provided-buffer group to pick from. */
  setSqeBufGroup(this: HasCore, sqe: number, group: number): void {
    const core = prepared(this, sqe);
    u16Arg(group, 'group');
    core.wasm.sqe_set_buf_group(sqe, group);
  },
};

export type SqeMethods = { [K in keyof typeof sqeMethods]: OmitThisParameter<(typeof sqeMethods)[K]> };
