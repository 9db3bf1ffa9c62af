#!/bin/sh
# test-nioctl.sh NIOCTL - runs nioctl against a veth pair in a throwaway
# network namespace and checks its exit codes, that its JSON parses, and
# that its values match what `ip -d link` and /proc/sys/net report.
# Exit 0 on success, 1 on a failure, 77 (skip) where no namespace can be
# made (not root, no user namespaces).  The host's interfaces are never
# touched: everything below runs inside `unshare -n`.

NIOCTL=${1:?usage: test-nioctl.sh path/to/nioctl}
. "$(dirname "$0")/test-lib.sh"

# ------------------------------------------------------------- set-up
ip link set lo up || exit 1
ip link add va type veth peer name vb || { echo "SKIP: no veth support"; exit 77; }
ip link set va mtu 1400
echo 1300 >/proc/sys/net/ipv6/conf/va/mtu
echo 1 >/proc/sys/net/ipv6/conf/va/forwarding
echo 2 >/proc/sys/net/ipv6/conf/va/dad_transmits
ip link set va up
ip link set vb up
va_index=$(ip -o link show va | sed -n 's/^\([0-9]*\):.*/\1/p')
va_mtu=$(ip -d -o link show va | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')
va_mtu6=$(cat /proc/sys/net/ipv6/conf/va/mtu)
va_dad6=$(cat /proc/sys/net/ipv6/conf/va/dad_transmits)
links=$(ip -o link show | wc -l)
# veth carrier comes up once both ends are up; give the kernel a moment.
for _ in 1 2 3 4 5 6 7 8 9 10; do
    ip link show va | grep -q 'state UP' && break
    sleep 0.2
done

# ----------------------------------------------------- help and usage
run 0 --help
grep -q '^  show ' "$tmp/out" || fail "--help lists no show command"
run 0 help
run 0 help get
grep -q '^usage: nioctl get' "$tmp/out" || fail "help get prints no usage"
run 0 get --help
run 0 show --help
run 0 --version
grep -q '^nioctl (netioapi-compat) [0-9]*\.[0-9]*\.[0-9]*$' "$tmp/out" || fail "--version: $(cat "$tmp/out")"
run 2
run 2 frobnicate
run 2 help frobnicate
run 2 show extra
run 2 show --bogus
run 2 get
run 2 get va vb
run 2 get 0xnothex
run 2 get 99999999999

# ------------------------------------------------------------- show
run 0 show
grep -q ' va  *IPv4 ' "$tmp/out" || fail "show: no IPv4 line for va"
grep -q ' va  *IPv6 ' "$tmp/out" || fail "show: no IPv6 line for va"
run 0 show --json
expect_eq "show --json rows" "$(json 'len(d)')" $((links * 2))
expect_eq "show --json va rows" \
    "$(json '",".join(r["Family"] for r in d if r["InterfaceAlias"] == "va")')" "AF_INET,AF_INET6"
run 0 show -4 --json
expect_eq "show -4 rows" "$(json 'len(d)')" "$links"
expect_eq "show -4 families" "$(json '",".join(sorted(set(r["Family"] for r in d)))')" AF_INET
run 0 show -6 --json
expect_eq "show -6 rows" "$(json 'len(d)')" "$links"
expect_eq "show -6 families" "$(json '",".join(sorted(set(r["Family"] for r in d)))')" AF_INET6
run 0 show -4 -6 --json
expect_eq "show -4 -6 rows" "$(json 'len(d)')" $((links * 2))

# -------------------------------------------------------- get, text
run 0 get va -4
expect_eq "get va Family" "$(field Family)" AF_INET
expect_eq "get va InterfaceIndex" "$(field InterfaceIndex)" "$va_index"
expect_eq "get va InterfaceAlias" "$(field InterfaceAlias)" va
expect_eq "get va NlMtu (ip -d link)" "$(field NlMtu)" "$va_mtu"
expect_eq "get va Connected" "$(field Connected)" true
expect_eq "get va ZoneIndices" "$(field ZoneIndices)" "0 0 $va_index 0 0 0 0 0 0 0 0 0 0 0 0 0"
luid=$(field InterfaceLuid)
name=$(field InterfaceLuidName)
run 0 get va -6
expect_eq "get va -6 Family" "$(field Family)" AF_INET6
expect_eq "get va -6 NlMtu (/proc/sys)" "$(field NlMtu)" "$va_mtu6"
expect_eq "get va -6 ForwardingEnabled" "$(field ForwardingEnabled)" true
expect_eq "get va -6 DadTransmits" "$(field DadTransmits)" "$va_dad6"

# The same row by index, by LUID and by Windows-style name.
for key in "$va_index" "$luid" "$name"; do
    run 0 get "$key" -4
    expect_eq "get $key alias" "$(field InterfaceAlias)" va
    expect_eq "get $key luid" "$(field InterfaceLuid)" "$luid"
done
run 0 get -4 -- va

# --------------------------------------------------------- get, JSON
run 0 get va -6 --json
expect_eq "get --json keys" "$(json '" ".join(d)')" "Family InterfaceLuid IfType NetLuidIndex \
InterfaceLuidName InterfaceAlias InterfaceIndex MaxReassemblySize InterfaceIdentifier \
MinRouterAdvertisementInterval MaxRouterAdvertisementInterval AdvertisingEnabled \
ForwardingEnabled WeakHostSend WeakHostReceive UseAutomaticMetric \
UseNeighborUnreachabilityDetection ManagedAddressConfigurationSupported \
OtherStatefulConfigurationSupported AdvertiseDefaultRoute RouterDiscoveryBehavior \
DadTransmits BaseReachableTime RetransmitTime PathMtuDiscoveryTimeout \
LinkLocalAddressBehavior LinkLocalAddressTimeout ZoneIndices SitePrefixLength Metric NlMtu \
Connected SupportsWakeUpPatterns SupportsNeighborDiscovery SupportsRouterDiscovery \
ReachableTime TransmitOffload ReceiveOffload DisableDefaultRoutes"
expect_eq "get --json InterfaceLuid" "$(json 'd["InterfaceLuid"]')" "$luid"
expect_eq "get --json InterfaceLuidName" "$(json 'd["InterfaceLuidName"]')" "$name"
expect_eq "get --json NlMtu" "$(json 'd["NlMtu"]')" "$va_mtu6"
expect_eq "get --json InterfaceIndex" "$(json 'd["InterfaceIndex"]')" "$va_index"
expect_eq "get --json ForwardingEnabled" "$(json 'd["ForwardingEnabled"]')" true
expect_eq "get --json ZoneIndices" "$(json 'd["ZoneIndices"][1:3]')" "[$va_index, $va_index]"
expect_eq "get --json offload bits" "$(json 'len(d["TransmitOffload"])')" 8
expect_eq "get --json RouterDiscoveryBehavior" \
    "$(json 'd["RouterDiscoveryBehavior"].startswith("RouterDiscovery")')" true
expect_eq "get --json LinkLocalAddressBehavior" \
    "$(json 'd["LinkLocalAddressBehavior"].startswith("LinkLocal")')" true
run 0 get lo -4 --json
expect_eq "get lo --json InterfaceLuidName" "$(json 'd["InterfaceLuidName"]')" loopback_1
python3 -m json.tool "$tmp/out" >/dev/null || fail "get lo --json: json.tool refuses it"

# ------------------------------------------------------ library errors
run 1 get no-such-if
expect_eq "unknown alias" "$(cat "$tmp/err")" 'nioctl: get: Cannot find device "no-such-if"'
run 1 get 999999
expect_eq "unknown index" "$(cat "$tmp/err")" 'nioctl: get: Cannot find device "999999"'
run 1 get 0x00060000ff000000
expect_eq "unknown LUID" "$(cat "$tmp/err")" 'nioctl: get: Cannot find device "0x00060000ff000000"'
# Below 1280 bytes Linux drops IPv6 from an interface: no IPv6 row.
ip link set vb mtu 1000
run 1 get vb -6
expect_eq "IPv6 gone" "$(cat "$tmp/err")" "GetIpInterfaceEntry: ERROR_NOT_FOUND (1168)"
run 0 get vb -4
expect_eq "get vb NlMtu" "$(field NlMtu)" 1000
[ -s "$tmp/err" ] && fail "get vb -4 wrote to stderr: $(cat "$tmp/err")"

finish
