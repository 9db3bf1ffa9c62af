#!/bin/sh
# Records tests/linux/corpus/ from a throwaway network namespace (as root):
#
#   tests/linux/record-corpus.sh BUILDDIR
#
# The namespace holds the interfaces whose facts test-parse.c checks:
#   lo       up
#   va, vb   a veth pair, up; va MTU 1400, IPv4 and IPv6 forwarding, DAD 2,
#            accept_ra 2, neighbour base reachable 12345 ms and retransmit
#            2345 ms for both families; IPv6 disabled on vb
#   t0       a tun device nobody holds open (ARPHRD_NONE, no carrier)
#   sa, sb   a veth pair with MTU 1200, so the kernel drops its IPv6 device
#   br0      a bridge without ports
# Nothing outside the namespace is touched.
set -eu
build=${1:?usage: record-corpus.sh BUILDDIR}
here=$(cd "$(dirname "$0")" && pwd)
capture=$(cd "$build" && pwd)/tests/linux/capture
[ -x "$capture" ] || { echo "no $capture: build first" >&2; exit 1; }
mkdir -p "$here/corpus"
rm -f "$here"/corpus/*.bin
exec unshare -n sh -eu -c '
  capture=$1 out=$2
  ip link set lo up
  ip link add va mtu 1400 type veth peer name vb
  echo 1 > /proc/sys/net/ipv6/conf/vb/disable_ipv6
  echo 1 > /proc/sys/net/ipv4/conf/va/forwarding
  echo 1 > /proc/sys/net/ipv6/conf/va/forwarding
  echo 2 > /proc/sys/net/ipv6/conf/va/dad_transmits
  echo 2 > /proc/sys/net/ipv6/conf/va/accept_ra
  for f in ipv4 ipv6; do
    echo 12345 > /proc/sys/net/$f/neigh/va/base_reachable_time_ms
    echo 2345 > /proc/sys/net/$f/neigh/va/retrans_time_ms
  done
  ip link set va up
  ip link set vb up
  ip tuntap add mode tun name t0
  ip link add sa type veth peer name sb
  ip link set sa mtu 1200
  ip link set sb mtu 1200
  ip link add br0 type bridge
  ip link set br0 up
  # Let the carrier of the veth pair reach its operational state.
  for i in 1 2 3 4 5 6 7 8 9 10; do
    ip link show dev va | grep -q "state UP" && break
    sleep 0.2
  done
  "$capture" "$out"
' sh "$capture" "$here/corpus"
