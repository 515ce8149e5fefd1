// A guest with no top-level code and no _start (built without --exportStart): nothing to run.
@external("uring", "page_size") declare function page_size(): u32;

export const uring_abi_version: u32 = 2;

export function main(): u32 {
  return page_size();
}
