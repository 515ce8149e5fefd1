#!/bin/bash
# npm run test:kernels — the test suite on each kernel of the matrix, each booted under qemu
# against this checkout as built on the host (npm install first). On this machine's own kernel
# the suite runs with `npm test`; the matrix adds the kernels people run that it is not.
#
#   matrix.sh [NAME...]     default: every kernel below
#
# Each kernel is a Debian package, fetched and prepared once into $WASM_URING_KERNELS
# (default ~/.cache/wasm-uring/kernels). The last line sums the runs: "kernels: N passed, ...".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${WASM_URING_KERNELS:-${HOME:-/root}/.cache/wasm-uring/kernels}
timeout=${WASM_URING_KERNEL_TIMEOUT:-1800}

# name → Debian package. debian12: 6.1, the stock kernel of Debian 12 (bookworm); neither
# NO_MMAP nor a fixed mmap works there, so it proves the mirror placement.
declare -A kernels=([debian12]=linux-image-amd64)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${!kernels[@]}")

# The addon where the library finds it (node-gyp-build: build/Release, build/Debug, prebuilds/).
if ! (cd "$root" && node -e "require('node-gyp-build').path('.')" 2>/dev/null) || [ ! -f "$root/dist/src/index.js" ]; then
  echo "matrix: build first (npm install)" >&2
  exit 2
fi

passed=0 failed=0 skipped=0
summary=()
for name in "${names[@]}"; do
  package=${kernels[$name]:-}
  [ -n "$package" ] || { echo "matrix: no kernel named $name (known: ${!kernels[*]})" >&2; exit 2; }
  echo "── kernel $name ($package) ──────────────────────────────────────────────"
  "$here/prepare.sh" "$package" "$cache/$name"
  log=$(mktemp)
  set +e
  (cd "$root" && "$here/boot.sh" "$cache/$name" -t "$timeout" -- \
    sh -c 'echo "kernel $(uname -r)"; WASM_URING_VM=1 exec node test/run.js') 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  # The virtio console ends lines with CR LF.
  line=$(sed 's/\x1b\[[0-9;]*m//g; s/\r$//' "$log" | grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -1 || true)
  version=$(grep -m1 '^kernel ' "$log" | cut -d' ' -f2 | tr -d '\r' || true)
  rm -f "$log"
  if [ -z "$line" ]; then
    line="0 passed, 1 failed, 0 skipped"
    echo "matrix: $name gave no result (exit status $status)"
  fi
  read -r p _ f _ s _ <<< "${line//,/}"
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; line="$line; exit status $status"; fi
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  summary+=("kernel $name ${version:-?}: $line")
done
echo
printf '%s\n' "${summary[@]}"
echo "kernels: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
