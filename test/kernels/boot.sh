#!/bin/bash
# Boots a kernel prepared by prepare.sh under qemu and runs one command inside it, in the
# current directory, on the host's own root (shared read-only over 9p, with a throw-away tmpfs
# overlay so the command can write): the checkout, node and the built addon are the host's.
# The command's output streams back on a virtio console; its exit status becomes ours (124:
# timed out, 125: the VM ended without one). The kernel's own console goes to DIR/console.log.
#
#   boot.sh DIR [-t SECONDS] [-m MEMORY] [-smp CPUS] -- COMMAND ARGS...
#
# Acceleration: KVM where the host has real VMX/SVM, else TCG (a stock kernel does not boot
# under a software-nested /dev/kvm such as kvm_pvm; under TCG node runs about 10× slower).
# TCG runs on one host thread: under multi-threaded TCG (qemu 7.2) about 2 in 100 node
# processes that run ring.wasm die in V8's generated code (optimized JS calling into the wrong
# Wasm function, then SIGSEGV or SIGILL); none in 150 on one thread, none on real CPUs.
set -euo pipefail
dir=$1
shift
timeout=1800 memory=2G cpus=2
while [ $# -gt 0 ]; do
  case $1 in
    -t) timeout=$2; shift 2;;
    -m) memory=$2; shift 2;;
    -smp) cpus=$2; shift 2;;
    --) shift; break;;
    *) break;;
  esac
done
[ $# -gt 0 ] || { echo "usage: boot.sh DIR [-t SECONDS] [-m MEMORY] [-smp CPUS] -- COMMAND ARGS..." >&2; exit 2; }

if [ -w /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
  accel=(-accel kvm -cpu host)
else
  accel=(-accel tcg,thread=single -cpu max)
fi

job=$(mktemp -d "${TMPDIR:-/tmp}/wasm-uring-vm.XXXXXX")
trap 'rm -rf "$job"' EXIT
{ printf 'cd %q || exit 126\nexec' "$PWD"; printf ' %q' "$@"; echo; } > "$job/job.sh"

status=0
timeout -s KILL "$timeout" qemu-system-x86_64 "${accel[@]}" -smp "$cpus" -m "$memory" \
  -nographic -no-reboot -display none -monitor none -nic none -bios qboot.rom \
  -kernel "$dir/vmlinuz" -initrd "$dir/initramfs.cpio.gz" \
  -append "console=ttyS0 quiet loglevel=1 panic=-1 mitigations=off job=$job ci=${CI:-}" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$job,mount_tag=job,security_model=none" \
  -serial "file:$dir/console.log" \
  -device virtio-serial-pci -chardev stdio,id=job,signal=off -device virtconsole,chardev=job \
  < /dev/null || status=$?
if [ -f "$job/rc" ]; then exit "$(cat "$job/rc")"; fi
if [ $status -eq 137 ]; then echo "boot.sh: no result within ${timeout}s" >&2; exit 124; fi
echo "boot.sh: the VM ended without a result; its console:" >&2
tail -n 30 "$dir/console.log" >&2
exit 125
