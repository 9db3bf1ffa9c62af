#!/bin/sh
# test-nioctl-link.sh NIOCTL - "nioctl link" and "nioctl route" in a
# throwaway network namespace: exit codes, JSON that parses, and values
# that match what ip(8) reports.  Exit 0 on success, 1 on a failure, 77
# (skip) where no namespace can be made.  Everything runs inside
# `unshare -n`; the host's interfaces are never touched.

NIOCTL=${1:?usage: test-nioctl-link.sh path/to/nioctl}
. "$(dirname "$0")/test-lib.sh"

# ------------------------------------------------------------- set-up
ip link set lo up || exit 1
ip link add pa type veth peer name pb || { echo "SKIP: no veth support"; exit 77; }
ip link set pa up
ip link set pb up
ip link set dev pa alias "uplink port"
ip addr add 198.18.1.2/24 dev pa
ip -6 addr add fd00:1::2/64 dev pa nodad
ip route add default via 198.18.1.1 dev pa metric 100
ip route add unreachable 198.19.250.0/24
pa_index=$(ip -o link show pa | sed -n 's/^\([0-9]*\):.*/\1/p')
pa_mac=$(ip -o link show pa | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p')
links=$(ip -o link show | wc -l)
for _ in 1 2 3 4 5 6 7 8 9 10; do
    ip link show pa | grep -q 'state UP' && break
    sleep 0.2
done

# --------------------------------------------------------------- link
run 0 link --help
grep -q '^usage: nioctl link' "$tmp/out" || fail "link --help prints no usage"
run 0 link
expect_eq "link table lines" "$(($(wc -l <"$tmp/out") - 1))" "$links"
grep -q "^ *$pa_index pa .* Up .* up  *connected  *10G " "$tmp/out" ||
    fail "link: no line for pa: $(grep ' pa ' "$tmp/out")"
run 0 link pa
expect_eq "link pa InterfaceIndex" "$(field InterfaceIndex)" "$pa_index"
expect_eq "link pa Description" "$(field Description)" "uplink port"
expect_eq "link pa PhysicalAddress" "$(field PhysicalAddress)" "$pa_mac"
expect_eq "link pa OperStatus" "$(field OperStatus)" "Up (1)"
expect_eq "link pa MediaConnectState" "$(field MediaConnectState)" "Connected (1)"
run 0 link "$pa_index" --json
expect_eq "link --json Alias" "$(json 'd["Alias"]')" "pa"
expect_eq "link --json Type" "$(json 'd["Type"]')" "6"
expect_eq "link --json speed" "$(json 'd["ReceiveLinkSpeed"]')" "10000000000"
run 0 link --json
expect_eq "link --json rows" "$(json 'len(d)')" "$links"
run 0 link loopback_1 --no-stats --json
expect_eq "link lo no stats" "$(json 'd["InOctets"]')" "0"
run 0 link ethernet_"$pa_index"
run 1 link 99999
expect_eq "link 99999" "$(cat "$tmp/err")" 'nioctl: link: Cannot find device "99999"'
run 1 link nosuchname
expect_eq "link nosuchname" "$(cat "$tmp/err")" 'nioctl: link: Cannot find device "nosuchname"'
run 2 link pa pb
run 2 link --bogus
run 2 link -4

# -------------------------------------------------------------- route
run 0 route --help
run 0 route 198.19.0.1
expect_eq "route Alias" "$(field Alias)" "pa"
expect_eq "route DestinationPrefix" "$(field DestinationPrefix)" "0.0.0.0/0"
expect_eq "route NextHop" "$(field NextHop)" "198.18.1.1"
expect_eq "route Metric" "$(field Metric)" "100"
expect_eq "route BestSourceAddress" "$(field BestSourceAddress)" \
    "$(ip -o route get 198.19.0.1 | sed -n 's/.* src \([0-9.]*\) .*/\1/p')"
run 0 route get 198.19.0.1 --interface pa
expect_eq "route get NextHop" "$(field NextHop)" "198.18.1.1"
run 0 route fd00:1::9 --json
expect_eq "route v6 prefix" "$(json 'd["DestinationPrefix"]')" "fd00:1::/64"
expect_eq "route v6 source" "$(json 'd["BestSourceAddress"]')" "fd00:1::2"
run 0 route 198.19.0.1 --source 198.18.1.2 --interface pa
expect_eq "route -s -i" "$(field InterfaceIndex)" "$pa_index"
run 1 route 198.19.250.1
grep -q 'ERROR_NETWORK_UNREACHABLE (1231)' "$tmp/err" || fail "unreachable: $(cat "$tmp/err")"
run 1 route 198.19.0.1 --interface lo
grep -q 'ERROR_NETWORK_UNREACHABLE (1231)' "$tmp/err" || fail "via lo: $(cat "$tmp/err")"
run 1 route 198.19.0.1 --source 198.18.9.9
grep -q 'ERROR_NOT_FOUND (1168)' "$tmp/err" || fail "foreign source: $(cat "$tmp/err")"
run 1 route 198.19.0.1 --interface 99999
expect_eq "unknown interface" "$(cat "$tmp/err")" 'nioctl: route get: Cannot find device "99999"'
run 2 route
run 2 route not-an-address
run 2 route 198.19.0.1 --source
run 2 route 198.19.0.1 fd00::1

finish
