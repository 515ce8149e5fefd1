#!/bin/bash
# npm run test:kernels — the test suite on each kernel of the matrix, each booted under qemu
# against this checkout as built on the host (npm install first), once per ring placement that
# kernel allows. On this machine's own kernel the suite runs with `npm test`; the matrix adds the
# kernels people run that it is not.
#
#   matrix.sh [-j JOBS] [NAME...]     default: every kernel below, JOBS VMs at a time
#
# Each kernel is its Debian release's own kernel package, fetched and prepared once into
# $WASM_URING_KERNELS (default ~/.cache/wasm-uring/kernels); suites the machine's apt sources do
# not list come through a private apt configuration (apt.sh). Each (kernel, placement) is one VM
# run of the whole suite; under TCG a VM runs on one host thread, so JOBS defaults to the number
# of cores. The last line sums the runs: "kernels: N passed, ...".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${WASM_URING_KERNELS:-${HOME:-/root}/.cache/wasm-uring/kernels}
timeout=${WASM_URING_KERNEL_TIMEOUT:-1800}
jobs=$(nproc)
if [ "${1:-}" = "-j" ]; then jobs=$2; shift 2; fi

# name → "PACKAGE SUITES PLACEMENTS": SUITES '-' is the machine's own apt setup, else a comma list
# for apt.sh; PLACEMENTS is what the kernel allows, each of which must run.
#   debian11: 5.10, Debian 11 (bullseye) and the 5.10 series of Amazon Linux 2: the one kernel
#             here that takes a fixed mmap of the rings into the Wasm memory (no NO_MMAP).
#   debian12: 6.1, Debian 12's own: neither NO_MMAP nor a fixed mmap, so the mirror.
#   debian12-backports: 6.12, bookworm-backports (the kernel of Debian 13): NO_MMAP.
declare -A kernels=(
  [debian11]="linux-image-amd64 bullseye fixed-mmap,mirror"
  [debian12]="linux-image-amd64 - mirror"
  [debian12-backports]="linux-image-amd64 bookworm-backports user-memory,mirror"
)
order=(debian11 debian12 debian12-backports)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${order[@]}")

# The addon where the library finds it (node-gyp-build: build/Release, build/Debug, prebuilds/).
if ! (cd "$root" && node -e "require('node-gyp-build').path('.')" 2>/dev/null) || [ ! -f "$root/dist/src/index.js" ]; then
  echo "matrix: build first (npm install)" >&2
  exit 2
fi

# Fetch and prepare every kernel first (one at a time: apt and downloads), then run the VMs.
runs=() first_runs=()
for name in "${names[@]}"; do
  entry=${kernels[$name]:-}
  [ -n "$entry" ] || { echo "matrix: no kernel named $name (known: ${order[*]})" >&2; exit 2; }
  read -r package suites placements <<< "$entry"
  aptconf=
  [ "$suites" = - ] || aptconf=$("$here/apt.sh" "$cache/apt/$name" ${suites//,/ })
  "$here/prepare.sh" "$package" "$cache/$name" $aptconf
  for placement in ${placements//,/ }; do runs+=("$name $placement"); done
done
# Each kernel's first placement runs what runs once per kernel, so it takes longest: those first.
firsts=() rest=()
for run in "${runs[@]}"; do
  case " ${firsts[*]} " in *" ${run%% *} "*) rest+=("$run");; *) firsts+=("${run%% *}"); first_runs+=("$run");; esac
done
runs=("${first_runs[@]}" "${rest[@]}")

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# One VM: the suite in one placement. Its output goes to its log, its summary line to .result.
vm() {
  local name=$1 placement=$2 log="$logs/$1.$2"
  local start=$SECONDS status=0
  (cd "$root" && "$here/boot.sh" "$cache/$name" -t "$timeout" -smp 1 -- sh -c \
    "echo \"kernel \$(uname -r)\"; WASM_URING_VM=1 WASM_URING_TEST_PLACEMENTS=$placement exec node test/run.js") \
    > "$log" 2>&1 || status=$?
  # The virtio console ends lines with CR LF.
  local line version
  line=$(sed 's/\x1b\[[0-9;]*m//g; s/\r$//' "$log" | grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -1 || true)
  version=$(grep -m1 '^kernel ' "$log" | cut -d' ' -f2 | tr -d '\r' || true)
  [ -n "$line" ] || line="0 passed, 1 failed, 0 skipped; no result (exit status $status)"
  if [ "$status" -ne 0 ] && ! grep -q ' [1-9][0-9]* failed' <<< "$line"; then line="${line/ 0 failed/ 1 failed}; exit status $status"; fi
  echo "kernel $name ${version:-?} placement $placement: $line ($((SECONDS - start)) s)" > "$log.result"
}

# JOBS VMs at a time; each log is printed whole when its VM ends.
printf 'matrix: %s\n' "${runs[@]}"
pending=("${runs[@]}")
running=0
declare -A pids=()
while [ ${#pending[@]} -gt 0 ] || [ $running -gt 0 ]; do
  while [ ${#pending[@]} -gt 0 ] && [ $running -lt "$jobs" ]; do
    set -- ${pending[0]}
    pending=("${pending[@]:1}")
    vm "$1" "$2" &
    pids[$!]="$1.$2"
    running=$((running + 1))
  done
  wait -n || true
  for pid in "${!pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "── kernel ${pids[$pid]} ──────────────────────────────────────────────"
      tr -d '\r' < "$logs/${pids[$pid]}"
      cat "$logs/${pids[$pid]}.result" 2>/dev/null || true
      unset "pids[$pid]"
      running=$((running - 1))
    fi
  done
done

passed=0 failed=0 skipped=0
echo
for run in "${runs[@]}"; do
  set -- $run
  result=$(cat "$logs/$1.$2.result")
  echo "$result"
  counts=${result#*: }
  read -r p _ f _ s _ <<< "${counts//,/ }"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s%;*}))
done
echo "kernels: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
