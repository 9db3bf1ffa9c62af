#!/bin/sh
# Issue 15's "done when" for the route rows: installs the library into a
# scratch prefix, builds tests/stages/route-consumer.c with nothing but
# `pkg-config --cflags --libs netioapi-compat`, and runs it in a throw-away
# network namespace, where it adds, reads back, changes and deletes an IPv4
# and an IPv6 route and compares each step with ip(8).  Root only.
set -eu
. "$(dirname "$0")/consumer-lib.sh"
consumer_build route-consumer
unshare -n sh -c "
  set -e
  ip link set lo up
  ip link add nioex0 type veth peer name nioex1
  ip link set nioex0 up
  ip link set nioex1 up
  ip addr add 198.18.90.1/24 dev nioex0
  ip -6 addr add fd00:91::1/64 dev nioex0 nodad
  LD_LIBRARY_PATH='$libdir' '$prog' nioex0 198.18.90.2 fd00:91::2
"
echo "route-consumer: add, read back, change, delete (IPv4, IPv6) agree with ip route"
