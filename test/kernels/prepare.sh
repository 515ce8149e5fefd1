#!/bin/bash
# Gets a Debian kernel package ready for boot.sh: the kernel image and an initramfs holding a
# static busybox, the modules that reach the host (virtio, 9p, overlay, virtio console) and
# init.sh. Installs what it needs with apt-get (qemu, busybox-static, kmod, cpio) when missing.
# Idempotent: a prepared DIR is left as it is.
#
#   prepare.sh PACKAGE DIR [APT_CONF]   e.g. prepare.sh linux-image-amd64 ~/.cache/wasm-uring/kernels/debian12
#
# APT_CONF (from apt.sh) is where the package comes from when it is not in the machine's own
# suites; the tools always come from the machine's own apt setup.
set -euo pipefail
package=$1
dir=$2
aptconf=${3:-}
packages() { if [ -n "$aptconf" ]; then APT_CONFIG=$aptconf "$@"; else "$@"; fi; }
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$dir/initramfs.cpio.gz" ] && [ -f "$dir/vmlinuz" ] && exit 0

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || missing+=(busybox-static)
command -v depmod >/dev/null || missing+=(kmod)
command -v cpio >/dev/null || missing+=(cpio)
if [ ${#missing[@]} -gt 0 ] || { [ -z "$aptconf" ] && ! apt-cache show "$package" >/dev/null 2>&1; }; then
  echo "prepare: apt-get install ${missing[*]:-(package lists only)}"
  apt-get update -qq
  [ ${#missing[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$dir"
cd "$dir"
# A meta-package (linux-image-amd64) names the versioned image it depends on.
image=$(packages apt-cache depends "$package" | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
image=${image:-$package}
ls "$image"_*.deb >/dev/null 2>&1 || packages apt-get download -q -o APT::Sandbox::User=root "$image"
rm -rf root && dpkg-deb -x "$image"_*.deb root
version=$(ls root/lib/modules | head -1)
/sbin/depmod -b root "$version"

rm -rf initramfs && mkdir -p initramfs/bin initramfs/lib/modules
cp /bin/busybox initramfs/bin/busybox
for module in virtio_pci 9pnet_virtio 9p overlay virtio_console; do
  /sbin/modprobe -d root -S "$version" --show-depends "$module" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
  cp "$ko" initramfs/lib/modules/
  basename "$ko" >> initramfs/lib/modules/load.order
done
cp "$here/init.sh" initramfs/init
chmod +x initramfs/init
(cd initramfs && find . | cpio -o -H newc --quiet | gzip -1) > initramfs.cpio.gz.part
cp "root/boot/vmlinuz-$version" vmlinuz
mv initramfs.cpio.gz.part initramfs.cpio.gz
rm -rf root initramfs "$image"_*.deb
echo "prepare: kernel $version ready in $dir"
