// Sizes and field offsets of the ABI structs, exported under C-like names so test/layout.test.js
// can compare each with offsetof()/sizeof() of <linux/io_uring.h> by name:
//   sizeof_<struct>            → sizeof(struct <struct>)
//   offsetof_<struct>__<field> → offsetof(struct <struct>, <field>)

import { io_uring_sqe, SQE_ADDR_LEN, SQE_CMD, SQE_CMD_OP, SQE_LEVEL, SQE_OPTNAME, SQE_WRITE_STREAM } from "./sqe";
import { io_uring_cqe } from "./cqe";
import { io_uring_params, io_sqring_offsets, io_cqring_offsets, SQ_OFF, CQ_OFF, SIZEOF_PARAMS } from "./params";
import {
  __kernel_timespec, io_uring_files_update, io_uring_probe, io_uring_probe_op, iovec, msghdr, open_how,
  EPOLL_EVENT_DATA, SIZEOF_EPOLL_EVENT, futex_waitv, statx, SIZEOF_STATX, sockaddr_in, sockaddr_in6, SOCKADDR_IN6_ADDR,
} from "./structs";
import {
  io_uring_rsrc_register, io_uring_rsrc_update, io_uring_rsrc_update2, io_uring_restriction, io_uring_buf,
  BUF_RING_TAIL, io_uring_buf_reg, io_uring_buf_status, io_uring_getevents_arg, io_uring_sync_cancel_reg,
  io_uring_file_index_range, io_uring_napi, io_uring_clock_register, io_uring_clone_buffers,
  io_uring_recvmsg_out, io_uring_query_hdr, io_uring_query_opcode, io_uring_region_desc,
  io_uring_mem_region_reg, io_uring_reg_wait,
} from "./register";

export const sizeof_io_uring_sqe = offsetof<io_uring_sqe>();
export const offsetof_io_uring_sqe__opcode = offsetof<io_uring_sqe>("opcode");
export const offsetof_io_uring_sqe__flags = offsetof<io_uring_sqe>("flags");
export const offsetof_io_uring_sqe__ioprio = offsetof<io_uring_sqe>("ioprio");
export const offsetof_io_uring_sqe__fd = offsetof<io_uring_sqe>("fd");
export const offsetof_io_uring_sqe__off = offsetof<io_uring_sqe>("off");
export const offsetof_io_uring_sqe__addr2 = offsetof<io_uring_sqe>("off");
export const offsetof_io_uring_sqe__addr = offsetof<io_uring_sqe>("addr");
export const offsetof_io_uring_sqe__splice_off_in = offsetof<io_uring_sqe>("addr");
export const offsetof_io_uring_sqe__len = offsetof<io_uring_sqe>("len");
export const offsetof_io_uring_sqe__rw_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__fsync_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__poll_events = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__poll32_events = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__sync_range_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__msg_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__timeout_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__accept_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__cancel_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__open_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__statx_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__fadvise_advice = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__splice_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__user_data = offsetof<io_uring_sqe>("user_data");
export const offsetof_io_uring_sqe__buf_index = offsetof<io_uring_sqe>("buf_index");
export const offsetof_io_uring_sqe__buf_group = offsetof<io_uring_sqe>("buf_index");
export const offsetof_io_uring_sqe__personality = offsetof<io_uring_sqe>("personality");
export const offsetof_io_uring_sqe__splice_fd_in = offsetof<io_uring_sqe>("splice_fd_in");
export const offsetof_io_uring_sqe__file_index = offsetof<io_uring_sqe>("splice_fd_in");
export const offsetof_io_uring_sqe__optlen = offsetof<io_uring_sqe>("splice_fd_in");
export const offsetof_io_uring_sqe__zcrx_ifq_idx = offsetof<io_uring_sqe>("splice_fd_in");
export const offsetof_io_uring_sqe__addr_len = SQE_ADDR_LEN;
export const offsetof_io_uring_sqe__write_stream = SQE_WRITE_STREAM;
export const offsetof_io_uring_sqe__addr3 = offsetof<io_uring_sqe>("addr3");
export const offsetof_io_uring_sqe__optval = offsetof<io_uring_sqe>("addr3");
export const offsetof_io_uring_sqe__attr_ptr = offsetof<io_uring_sqe>("addr3");
export const offsetof_io_uring_sqe__attr_type_mask = offsetof<io_uring_sqe>("__pad2");
export const offsetof_io_uring_sqe__cmd = SQE_CMD;
export const offsetof_io_uring_sqe__cmd_op = SQE_CMD_OP;
export const offsetof_io_uring_sqe__level = SQE_LEVEL;
export const offsetof_io_uring_sqe__optname = SQE_OPTNAME;
export const offsetof_io_uring_sqe__rename_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__unlink_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__hardlink_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__xattr_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__msg_ring_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__uring_cmd_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__waitid_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__futex_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__install_fd_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__nop_flags = offsetof<io_uring_sqe>("op_flags");
export const offsetof_io_uring_sqe__pipe_flags = offsetof<io_uring_sqe>("op_flags");

export const sizeof_io_uring_cqe = offsetof<io_uring_cqe>();
export const offsetof_io_uring_cqe__user_data = offsetof<io_uring_cqe>("user_data");
export const offsetof_io_uring_cqe__res = offsetof<io_uring_cqe>("res");
export const offsetof_io_uring_cqe__flags = offsetof<io_uring_cqe>("flags");

export const sizeof_io_sqring_offsets = offsetof<io_sqring_offsets>();
export const offsetof_io_sqring_offsets__head = offsetof<io_sqring_offsets>("head");
export const offsetof_io_sqring_offsets__tail = offsetof<io_sqring_offsets>("tail");
export const offsetof_io_sqring_offsets__ring_mask = offsetof<io_sqring_offsets>("ring_mask");
export const offsetof_io_sqring_offsets__ring_entries = offsetof<io_sqring_offsets>("ring_entries");
export const offsetof_io_sqring_offsets__flags = offsetof<io_sqring_offsets>("flags");
export const offsetof_io_sqring_offsets__dropped = offsetof<io_sqring_offsets>("dropped");
export const offsetof_io_sqring_offsets__array = offsetof<io_sqring_offsets>("array");
export const offsetof_io_sqring_offsets__resv1 = offsetof<io_sqring_offsets>("resv1");
export const offsetof_io_sqring_offsets__user_addr = offsetof<io_sqring_offsets>("user_addr");

export const sizeof_io_cqring_offsets = offsetof<io_cqring_offsets>();
export const offsetof_io_cqring_offsets__head = offsetof<io_cqring_offsets>("head");
export const offsetof_io_cqring_offsets__tail = offsetof<io_cqring_offsets>("tail");
export const offsetof_io_cqring_offsets__ring_mask = offsetof<io_cqring_offsets>("ring_mask");
export const offsetof_io_cqring_offsets__ring_entries = offsetof<io_cqring_offsets>("ring_entries");
export const offsetof_io_cqring_offsets__overflow = offsetof<io_cqring_offsets>("overflow");
export const offsetof_io_cqring_offsets__cqes = offsetof<io_cqring_offsets>("cqes");
export const offsetof_io_cqring_offsets__flags = offsetof<io_cqring_offsets>("flags");
export const offsetof_io_cqring_offsets__resv1 = offsetof<io_cqring_offsets>("resv1");
export const offsetof_io_cqring_offsets__user_addr = offsetof<io_cqring_offsets>("user_addr");

export const sizeof_io_uring_params = SIZEOF_PARAMS;
export const offsetof_io_uring_params__sq_entries = offsetof<io_uring_params>("sq_entries");
export const offsetof_io_uring_params__cq_entries = offsetof<io_uring_params>("cq_entries");
export const offsetof_io_uring_params__flags = offsetof<io_uring_params>("flags");
export const offsetof_io_uring_params__sq_thread_cpu = offsetof<io_uring_params>("sq_thread_cpu");
export const offsetof_io_uring_params__sq_thread_idle = offsetof<io_uring_params>("sq_thread_idle");
export const offsetof_io_uring_params__features = offsetof<io_uring_params>("features");
export const offsetof_io_uring_params__wq_fd = offsetof<io_uring_params>("wq_fd");
export const offsetof_io_uring_params__resv = offsetof<io_uring_params>("resv_0");
export const offsetof_io_uring_params__sq_off = SQ_OFF;
export const offsetof_io_uring_params__cq_off = CQ_OFF;

export const sizeof___kernel_timespec = offsetof<__kernel_timespec>();
export const offsetof___kernel_timespec__tv_sec = offsetof<__kernel_timespec>("tv_sec");
export const offsetof___kernel_timespec__tv_nsec = offsetof<__kernel_timespec>("tv_nsec");

export const sizeof_io_uring_probe_op = offsetof<io_uring_probe_op>();
export const offsetof_io_uring_probe_op__op = offsetof<io_uring_probe_op>("op");
export const offsetof_io_uring_probe_op__flags = offsetof<io_uring_probe_op>("flags");
export const sizeof_io_uring_probe = offsetof<io_uring_probe>();
export const offsetof_io_uring_probe__last_op = offsetof<io_uring_probe>("last_op");
export const offsetof_io_uring_probe__ops_len = offsetof<io_uring_probe>("ops_len");
export const offsetof_io_uring_probe__ops = offsetof<io_uring_probe>();

export const sizeof_io_uring_files_update = offsetof<io_uring_files_update>();
export const offsetof_io_uring_files_update__offset = offsetof<io_uring_files_update>("offset");
export const offsetof_io_uring_files_update__fds = offsetof<io_uring_files_update>("fds");

export const sizeof_iovec = offsetof<iovec>();
export const offsetof_iovec__iov_base = offsetof<iovec>("iov_base");
export const offsetof_iovec__iov_len = offsetof<iovec>("iov_len");

export const sizeof_msghdr = offsetof<msghdr>();
export const offsetof_msghdr__msg_name = offsetof<msghdr>("msg_name");
export const offsetof_msghdr__msg_namelen = offsetof<msghdr>("msg_namelen");
export const offsetof_msghdr__msg_iov = offsetof<msghdr>("msg_iov");
export const offsetof_msghdr__msg_iovlen = offsetof<msghdr>("msg_iovlen");
export const offsetof_msghdr__msg_control = offsetof<msghdr>("msg_control");
export const offsetof_msghdr__msg_controllen = offsetof<msghdr>("msg_controllen");
export const offsetof_msghdr__msg_flags = offsetof<msghdr>("msg_flags");

export const sizeof_open_how = offsetof<open_how>();
export const offsetof_open_how__flags = offsetof<open_how>("flags");
export const offsetof_open_how__mode = offsetof<open_how>("mode");
export const offsetof_open_how__resolve = offsetof<open_how>("resolve");

export const sizeof_epoll_event = SIZEOF_EPOLL_EVENT;

export const sizeof_futex_waitv = offsetof<futex_waitv>();
export const offsetof_futex_waitv__val = offsetof<futex_waitv>("val");
export const offsetof_futex_waitv__uaddr = offsetof<futex_waitv>("uaddr");
export const offsetof_futex_waitv__flags = offsetof<futex_waitv>("flags");
export const offsetof_futex_waitv____reserved = offsetof<futex_waitv>("__reserved");
export const offsetof_epoll_event__data = EPOLL_EVENT_DATA;

export const sizeof_sockaddr_in = offsetof<sockaddr_in>();
export const offsetof_sockaddr_in__sin_family = offsetof<sockaddr_in>("sin_family");
export const offsetof_sockaddr_in__sin_port = offsetof<sockaddr_in>("sin_port");
export const offsetof_sockaddr_in__sin_addr = offsetof<sockaddr_in>("sin_addr");

export const sizeof_sockaddr_in6 = offsetof<sockaddr_in6>();
export const offsetof_sockaddr_in6__sin6_family = offsetof<sockaddr_in6>("sin6_family");
export const offsetof_sockaddr_in6__sin6_port = offsetof<sockaddr_in6>("sin6_port");
export const offsetof_sockaddr_in6__sin6_flowinfo = offsetof<sockaddr_in6>("sin6_flowinfo");
export const offsetof_sockaddr_in6__sin6_addr = SOCKADDR_IN6_ADDR;
export const offsetof_sockaddr_in6__sin6_scope_id = offsetof<sockaddr_in6>("sin6_scope_id");

export const sizeof_statx = SIZEOF_STATX;
export const offsetof_statx__stx_mask = offsetof<statx>("stx_mask");
export const offsetof_statx__stx_nlink = offsetof<statx>("stx_nlink");
export const offsetof_statx__stx_uid = offsetof<statx>("stx_uid");
export const offsetof_statx__stx_gid = offsetof<statx>("stx_gid");
export const offsetof_statx__stx_mode = offsetof<statx>("stx_mode");
export const offsetof_statx__stx_ino = offsetof<statx>("stx_ino");
export const offsetof_statx__stx_size = offsetof<statx>("stx_size");
export const offsetof_statx__stx_blocks = offsetof<statx>("stx_blocks");
export const offsetof_statx__stx_atime = offsetof<statx>("stx_atime_sec");
export const offsetof_statx__stx_mtime = offsetof<statx>("stx_mtime_sec");
export const offsetof_statx__stx_ctime = offsetof<statx>("stx_ctime_sec");
export const offsetof_statx__stx_blksize = offsetof<statx>("stx_blksize");
export const offsetof_statx__stx_btime = offsetof<statx>("stx_btime_sec");
export const offsetof_statx__stx_rdev_major = offsetof<statx>("stx_rdev_major");
export const offsetof_statx__stx_dev_major = offsetof<statx>("stx_dev_major");

// ─── Registration and enter arguments (register.ts) ──────────────────────────────────────────────
export const sizeof_io_uring_rsrc_register = offsetof<io_uring_rsrc_register>();
export const offsetof_io_uring_rsrc_register__nr = offsetof<io_uring_rsrc_register>("nr");
export const offsetof_io_uring_rsrc_register__flags = offsetof<io_uring_rsrc_register>("flags");
export const offsetof_io_uring_rsrc_register__data = offsetof<io_uring_rsrc_register>("data");
export const offsetof_io_uring_rsrc_register__tags = offsetof<io_uring_rsrc_register>("tags");

export const sizeof_io_uring_rsrc_update = offsetof<io_uring_rsrc_update>();
export const offsetof_io_uring_rsrc_update__offset = offsetof<io_uring_rsrc_update>("offset");
export const offsetof_io_uring_rsrc_update__data = offsetof<io_uring_rsrc_update>("data");

export const sizeof_io_uring_rsrc_update2 = offsetof<io_uring_rsrc_update2>();
export const offsetof_io_uring_rsrc_update2__offset = offsetof<io_uring_rsrc_update2>("offset");
export const offsetof_io_uring_rsrc_update2__data = offsetof<io_uring_rsrc_update2>("data");
export const offsetof_io_uring_rsrc_update2__tags = offsetof<io_uring_rsrc_update2>("tags");
export const offsetof_io_uring_rsrc_update2__nr = offsetof<io_uring_rsrc_update2>("nr");

export const sizeof_io_uring_restriction = offsetof<io_uring_restriction>();
export const offsetof_io_uring_restriction__opcode = offsetof<io_uring_restriction>("opcode");
export const offsetof_io_uring_restriction__register_op = offsetof<io_uring_restriction>("register_op");
export const offsetof_io_uring_restriction__sqe_op = offsetof<io_uring_restriction>("register_op");
export const offsetof_io_uring_restriction__sqe_flags = offsetof<io_uring_restriction>("register_op");

export const sizeof_io_uring_buf = offsetof<io_uring_buf>();
export const offsetof_io_uring_buf__addr = offsetof<io_uring_buf>("addr");
export const offsetof_io_uring_buf__len = offsetof<io_uring_buf>("len");
export const offsetof_io_uring_buf__bid = offsetof<io_uring_buf>("bid");
export const offsetof_io_uring_buf_ring__tail = BUF_RING_TAIL;
/** struct io_uring_buf_ring: its header is entry 0 (the tail overlays that entry's resv). */
export const sizeof_io_uring_buf_ring = offsetof<io_uring_buf>();

export const sizeof_io_uring_buf_reg = offsetof<io_uring_buf_reg>();
export const offsetof_io_uring_buf_reg__ring_addr = offsetof<io_uring_buf_reg>("ring_addr");
export const offsetof_io_uring_buf_reg__ring_entries = offsetof<io_uring_buf_reg>("ring_entries");
export const offsetof_io_uring_buf_reg__bgid = offsetof<io_uring_buf_reg>("bgid");
export const offsetof_io_uring_buf_reg__flags = offsetof<io_uring_buf_reg>("flags");

export const sizeof_io_uring_buf_status = offsetof<io_uring_buf_status>();
export const offsetof_io_uring_buf_status__buf_group = offsetof<io_uring_buf_status>("buf_group");
export const offsetof_io_uring_buf_status__head = offsetof<io_uring_buf_status>("head");

export const sizeof_io_uring_getevents_arg = offsetof<io_uring_getevents_arg>();
export const offsetof_io_uring_getevents_arg__sigmask = offsetof<io_uring_getevents_arg>("sigmask");
export const offsetof_io_uring_getevents_arg__sigmask_sz = offsetof<io_uring_getevents_arg>("sigmask_sz");
export const offsetof_io_uring_getevents_arg__min_wait_usec = offsetof<io_uring_getevents_arg>("min_wait_usec");
export const offsetof_io_uring_getevents_arg__ts = offsetof<io_uring_getevents_arg>("ts");

export const sizeof_io_uring_sync_cancel_reg = offsetof<io_uring_sync_cancel_reg>();
export const offsetof_io_uring_sync_cancel_reg__addr = offsetof<io_uring_sync_cancel_reg>("addr");
export const offsetof_io_uring_sync_cancel_reg__fd = offsetof<io_uring_sync_cancel_reg>("fd");
export const offsetof_io_uring_sync_cancel_reg__flags = offsetof<io_uring_sync_cancel_reg>("flags");
export const offsetof_io_uring_sync_cancel_reg__timeout = offsetof<io_uring_sync_cancel_reg>("timeout_tv_sec");
export const offsetof_io_uring_sync_cancel_reg__opcode = offsetof<io_uring_sync_cancel_reg>("opcode");

export const sizeof_io_uring_file_index_range = offsetof<io_uring_file_index_range>();
export const offsetof_io_uring_file_index_range__off = offsetof<io_uring_file_index_range>("off");
export const offsetof_io_uring_file_index_range__len = offsetof<io_uring_file_index_range>("len");

export const sizeof_io_uring_napi = offsetof<io_uring_napi>();
export const offsetof_io_uring_napi__busy_poll_to = offsetof<io_uring_napi>("busy_poll_to");
export const offsetof_io_uring_napi__prefer_busy_poll = offsetof<io_uring_napi>("prefer_busy_poll");
export const offsetof_io_uring_napi__opcode = offsetof<io_uring_napi>("opcode");
export const offsetof_io_uring_napi__op_param = offsetof<io_uring_napi>("op_param");

export const sizeof_io_uring_clock_register = offsetof<io_uring_clock_register>();
export const offsetof_io_uring_clock_register__clockid = offsetof<io_uring_clock_register>("clockid");

export const sizeof_io_uring_clone_buffers = offsetof<io_uring_clone_buffers>();
export const offsetof_io_uring_clone_buffers__src_fd = offsetof<io_uring_clone_buffers>("src_fd");
export const offsetof_io_uring_clone_buffers__flags = offsetof<io_uring_clone_buffers>("flags");
export const offsetof_io_uring_clone_buffers__src_off = offsetof<io_uring_clone_buffers>("src_off");
export const offsetof_io_uring_clone_buffers__dst_off = offsetof<io_uring_clone_buffers>("dst_off");
export const offsetof_io_uring_clone_buffers__nr = offsetof<io_uring_clone_buffers>("nr");

export const sizeof_io_uring_recvmsg_out = offsetof<io_uring_recvmsg_out>();
export const offsetof_io_uring_recvmsg_out__namelen = offsetof<io_uring_recvmsg_out>("namelen");
export const offsetof_io_uring_recvmsg_out__controllen = offsetof<io_uring_recvmsg_out>("controllen");
export const offsetof_io_uring_recvmsg_out__payloadlen = offsetof<io_uring_recvmsg_out>("payloadlen");
export const offsetof_io_uring_recvmsg_out__flags = offsetof<io_uring_recvmsg_out>("flags");

export const sizeof_io_uring_query_hdr = offsetof<io_uring_query_hdr>();
export const offsetof_io_uring_query_hdr__next_entry = offsetof<io_uring_query_hdr>("next_entry");
export const offsetof_io_uring_query_hdr__query_data = offsetof<io_uring_query_hdr>("query_data");
export const offsetof_io_uring_query_hdr__query_op = offsetof<io_uring_query_hdr>("query_op");
export const offsetof_io_uring_query_hdr__size = offsetof<io_uring_query_hdr>("size");
export const offsetof_io_uring_query_hdr__result = offsetof<io_uring_query_hdr>("result");

export const sizeof_io_uring_query_opcode = offsetof<io_uring_query_opcode>();
export const offsetof_io_uring_query_opcode__nr_request_opcodes = offsetof<io_uring_query_opcode>("nr_request_opcodes");
export const offsetof_io_uring_query_opcode__nr_register_opcodes = offsetof<io_uring_query_opcode>("nr_register_opcodes");
export const offsetof_io_uring_query_opcode__feature_flags = offsetof<io_uring_query_opcode>("feature_flags");
export const offsetof_io_uring_query_opcode__ring_setup_flags = offsetof<io_uring_query_opcode>("ring_setup_flags");
export const offsetof_io_uring_query_opcode__enter_flags = offsetof<io_uring_query_opcode>("enter_flags");
export const offsetof_io_uring_query_opcode__sqe_flags = offsetof<io_uring_query_opcode>("sqe_flags");
export const offsetof_io_uring_query_opcode__nr_query_opcodes = offsetof<io_uring_query_opcode>("nr_query_opcodes");

export const sizeof_io_uring_region_desc = offsetof<io_uring_region_desc>();
export const offsetof_io_uring_region_desc__user_addr = offsetof<io_uring_region_desc>("user_addr");
export const offsetof_io_uring_region_desc__size = offsetof<io_uring_region_desc>("size");
export const offsetof_io_uring_region_desc__flags = offsetof<io_uring_region_desc>("flags");
export const offsetof_io_uring_region_desc__id = offsetof<io_uring_region_desc>("id");
export const offsetof_io_uring_region_desc__mmap_offset = offsetof<io_uring_region_desc>("mmap_offset");

export const sizeof_io_uring_mem_region_reg = offsetof<io_uring_mem_region_reg>();
export const offsetof_io_uring_mem_region_reg__region_uptr = offsetof<io_uring_mem_region_reg>("region_uptr");
export const offsetof_io_uring_mem_region_reg__flags = offsetof<io_uring_mem_region_reg>("flags");

export const sizeof_io_uring_reg_wait = offsetof<io_uring_reg_wait>();
export const offsetof_io_uring_reg_wait__ts = offsetof<io_uring_reg_wait>("ts_tv_sec");
export const offsetof_io_uring_reg_wait__min_wait_usec = offsetof<io_uring_reg_wait>("min_wait_usec");
export const offsetof_io_uring_reg_wait__flags = offsetof<io_uring_reg_wait>("flags");
export const offsetof_io_uring_reg_wait__sigmask = offsetof<io_uring_reg_wait>("sigmask");
export const offsetof_io_uring_reg_wait__sigmask_sz = offsetof<io_uring_reg_wait>("sigmask_sz");
