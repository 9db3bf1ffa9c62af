#!/bin/sh
# Issue 14's "done when" for the address rows: installs the library into a
# scratch prefix, builds tests/stages/addr-consumer.c with nothing but
# `pkg-config --cflags --libs netioapi-compat`, and runs it in a throw-away
# network namespace, where it gives a tun device an IPv4 and an IPv6
# address, reads them back and deletes them, comparing each step with
# ip(8).  Root only.
set -eu
. "$(dirname "$0")/consumer-lib.sh"
consumer_build addr-consumer
unshare -n sh -c "
  set -e
  ip link set lo up
  ip tuntap add mode tun name nioat0
  ip link set nioat0 up
  LD_LIBRARY_PATH='$libdir' '$prog' nioat0
"
echo "addr-consumer: a tun's IPv4 and IPv6 addresses made, read back, deleted; ip addr agrees"
