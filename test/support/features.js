// What this kernel has beyond the opcode probe, for the tests that need it. A test names what it
// needs; when the kernel lacks any of it, the test is skipped naming it and the Linux release
// that brings it. Each answer is found out once, when a test first asks, from what the kernel
// says: an opcode from its probe; a setup flag by setting up a ring with it; a register
// operation or an opcode's variant by the release its probe and feature bits prove
// (src/kernel.ts: an opcode or IORING_FEAT_* bit of Linux X proves X or later).
//
//   needTest(test, 'name', [IORING_OP_BIND, NEEDS.poll_update, 'sqe128'], () => { ... })
//
// A need is an IORING_OP_* number, an entry of NEEDS ([opcode, linux]), or a name of FEATURES.
// Probing never throws at registration: if asking the kernel fails unexpectedly, the test is
// registered as failing with that error, so the file still loads and the others still run.
import { test as uvuTest } from 'uvu';
import { Ring, constants, linuxNumber, opcodeName } from '../../dist/src/index.js';
import { NEEDS, OPCODE_LINUX } from '../../dist/src/generated/opcodes.js';
import { ringOptions } from './harness.js';

const c = constants;

/** The kernel of the first ring of this process: probe and release bound, asked once. */
let kernel;
function kernelSupport() {
  if (!kernel) {
    const ring = new Ring(ringOptions({ entries: 2 }));
    try {
      kernel = ring.kernel;
    } finally {
      ring.close();
    }
  }
  return kernel;
}

/** Whether a ring can be set up with `flags` (EINVAL: the kernel does not know one of them). */
function setupFlag(flags, extra = {}) {
  return () => {
    try {
      new Ring(ringOptions({ entries: 2, flags, ...extra })).close();
      return true;
    } catch (error) {
      if (error.code === 'EINVAL') return false;
      throw error;
    }
  };
}

/** A release bound: the kernel is proven to be Linux `linux` or later. */
const release = (linux) => () => kernelSupport().atLeast >= linuxNumber(linux);

/** What tests can name, beyond opcodes: what it is, the Linux that brings it, how to find out. */
export const FEATURES = {
  r_disabled: { what: 'IORING_SETUP_R_DISABLED', linux: '5.10', has: setupFlag(c.IORING_SETUP_R_DISABLED) },
  submit_all: { what: 'IORING_SETUP_SUBMIT_ALL', linux: '5.18', has: setupFlag(c.IORING_SETUP_SUBMIT_ALL) },
  coop_taskrun: { what: 'IORING_SETUP_COOP_TASKRUN', linux: '5.19', has: setupFlag(c.IORING_SETUP_COOP_TASKRUN) },
  taskrun_flag: {
    what: 'IORING_SETUP_TASKRUN_FLAG', linux: '5.19',
    has: setupFlag(c.IORING_SETUP_COOP_TASKRUN | c.IORING_SETUP_TASKRUN_FLAG),
  },
  sqe128: { what: 'IORING_SETUP_SQE128', linux: '5.19', has: setupFlag(c.IORING_SETUP_SQE128) },
  cqe32: { what: 'IORING_SETUP_CQE32', linux: '5.19', has: setupFlag(c.IORING_SETUP_CQE32) },
  single_issuer: { what: 'IORING_SETUP_SINGLE_ISSUER', linux: '6.0', has: setupFlag(c.IORING_SETUP_SINGLE_ISSUER) },
  defer_taskrun: {
    what: 'IORING_SETUP_DEFER_TASKRUN', linux: '6.1',
    has: setupFlag(c.IORING_SETUP_SINGLE_ISSUER | c.IORING_SETUP_DEFER_TASKRUN),
  },
  no_sqarray: { what: 'IORING_SETUP_NO_SQARRAY', linux: '6.6', has: setupFlag(c.IORING_SETUP_NO_SQARRAY) },
  // Register operations and op flags: the release the kernel proves.
  registered_ring: { what: 'IORING_REGISTER_RING_FDS', linux: '5.18', has: release('5.18') },
  files_update2: { what: 'IORING_REGISTER_FILES2 / _UPDATE2', linux: '5.13', has: release('5.13') },
  iowq_aff: { what: 'IORING_REGISTER_IOWQ_AFF', linux: '5.14', has: release('5.14') },
  iowq_max_workers: { what: 'IORING_REGISTER_IOWQ_MAX_WORKERS', linux: '5.15', has: release('5.15') },
  buf_ring: { what: 'IORING_REGISTER_PBUF_RING', linux: '5.19', has: release('5.19') },
  sync_cancel: { what: 'IORING_REGISTER_SYNC_CANCEL', linux: '6.0', has: release('6.0') },
  file_alloc_range: { what: 'IORING_REGISTER_FILE_ALLOC_RANGE', linux: '6.0', has: release('6.0') },
  file_index_alloc: { what: 'IORING_FILE_INDEX_ALLOC', linux: '5.19', has: release('5.19') },
  timeout_etime_success: { what: 'IORING_TIMEOUT_ETIME_SUCCESS', linux: '5.16', has: release('5.16') },
  timeout_multishot: { what: 'IORING_TIMEOUT_MULTISHOT', linux: '6.4', has: release('6.4') },
  link_timeout_update: { what: 'IORING_LINK_TIMEOUT_UPDATE', linux: '5.15', has: release('5.15') },
  cancel_any: { what: 'IORING_ASYNC_CANCEL_ANY / _FD / _ALL', linux: '5.19', has: release('5.19') },
  cqe_skip: { what: 'IOSQE_CQE_SKIP_SUCCESS', linux: '5.17', has: release('5.17') },
  ext_arg: { what: 'IORING_ENTER_EXT_ARG', linux: '5.11', has: release('5.11') },
};

/** For each need: null when the kernel has it, else its name and the Linux that brings it. */
function lack(need) {
  if (typeof need === 'number') {
    return kernelSupport().probe?.supports(need) ? null : `IORING_OP_${opcodeName(need) ?? need} (Linux ${opcodeLinux(need)})`;
  }
  if (Array.isArray(need)) {
    if (kernelSupport().has(need)) return null;
    const name = Object.entries(NEEDS).find(([, entry]) => entry === need)?.[0];
    return `${name ? `${name} (` : ''}IORING_OP_${opcodeName(need[0])}, Linux ${need[1]}${name ? ')' : ''}`;
  }
  const feature = FEATURES[need];
  if (!feature) throw new Error(`features.js: no feature named ${need}`);
  feature.answer ??= feature.has();
  return feature.answer ? null : `${feature.what} (Linux ${feature.linux})`;
}

const opcodeLinux = (op) => OPCODE_LINUX.get(op) ?? '?';

/** null when the kernel has every need, else the skip reason naming what it lacks. */
export function lacks(needs) {
  const missing = needs.map(lack).filter(Boolean);
  return missing.length ? `this kernel lacks ${missing.join(', ')}` : null;
}

/** Registers `fn` as test `name` on `runner` (uvu's test or a suite), or skips it naming what is missing. */
export function needTest(runner, name, needs, fn) {
  let reason;
  try {
    reason = lacks(needs);
  } catch (error) {
    runner(name, () => {
      throw new Error(`asking the kernel what this test needs failed: ${error.message}`, { cause: error });
    });
    return;
  }
  if (reason) runner.skip(`${name} [skipped: ${reason}]`, fn);
  else runner(name, fn);
}

/** needTest on uvu's own `test`. */
export const testNeeding = (name, needs, fn) => needTest(uvuTest, name, needs, fn);
