#!/bin/busybox sh
# /init of the test VM (built into the initramfs by prepare.sh). Loads the modules, mounts the
# host's root (9p, read-only) under a throw-away tmpfs overlay, chroots into it and runs the job
# that boot.sh left in the shared job folder: its output goes to the virtio console (the host's
# stdout), its exit status to job/rc. Then powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
ip link set lo up  # loopback only: the tests talk TCP to themselves
while read -r module; do insmod "/lib/modules/$module" || echo "init: insmod $module failed"; done < /lib/modules/load.order

mkdir -p /host /rw /root /job
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro host /host
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 job /job
mount -t tmpfs -o size=75% tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work overlay /root
mount -t proc proc /root/proc
mount -t sysfs sys /root/sys
mount -t devtmpfs dev /root/dev
mkdir -p /root/dev/pts /root/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /root/dev/pts
mount -t tmpfs tmpfs /root/dev/shm
mount -t tmpfs tmpfs /root/run
mkdir -p "/root$job"
mount --bind /job "/root$job"

out=/dev/hvc0
[ -e $out ] || out=/dev/console
chroot /root /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 TERM=dumb CI="$ci" /bin/sh "$job/job.sh" < /dev/null > $out 2>&1
echo $? > /job/rc
sync
umount "/root$job" /job 2>/dev/null
echo o > /proc/sysrq-trigger
sleep 10
