#!/bin/sh
# test-nioctl-set.sh NIOCTL - runs `nioctl set` and `nioctl watch` against a
# veth pair in a throwaway network namespace: exit codes, stderr, JSON, and
# the kernel's values read back through `ip link` and /proc/sys/net (never
# through nioctl).  Exit 0 on success, 1 on a failure, 77 (skip) where no
# namespace can be made.  Everything runs inside `unshare -n`.

NIOCTL=${1:?usage: test-nioctl-set.sh path/to/nioctl}
. "$(dirname "$0")/test-lib.sh"

# watch runs in the background below; never leave it behind.
watch_pid=
trap '[ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

link_mtu() {
    ip -o link show "$1" | sed -n 's/.* mtu \([0-9]*\) .*/\1/p'
}

conf6() {
    cat "/proc/sys/net/ipv6/conf/$1/$2"
}

# A snapshot of everything set may touch on va, to prove a refusal or a
# dry run changed nothing.
snapshot() {
    {
        link_mtu va
        for f in mtu forwarding dad_transmits accept_ra addr_gen_mode; do
            echo "6 $f $(conf6 va $f)"
        done
        echo "4 forwarding $(cat /proc/sys/net/ipv4/conf/va/forwarding)"
        for fam in ipv4 ipv6; do
            for f in base_reachable_time_ms retrans_time_ms; do
                echo "$fam $f $(cat /proc/sys/net/$fam/neigh/va/$f)"
            done
        done
    } >"$1"
}

expect_unchanged() {
    snapshot "$tmp/after"
    checks=$((checks + 1))
    cmp -s "$tmp/before" "$tmp/after" || {
        fail "$1 changed the interface:"
        diff "$tmp/before" "$tmp/after" | sed 's/^/    /' >&2
    }
}

# ------------------------------------------------------------- set-up
ip link set lo up || exit 1
ip link add va type veth peer name vb || { echo "SKIP: no veth support"; exit 77; }
ip link set va up
ip link set vb up
va_index=$(ip -o link show va | sed -n 's/^\([0-9]*\):.*/\1/p')

# ----------------------------------------------------- help and usage
run 0 --help
grep -q '^  set ' "$tmp/out" || fail "--help lists no set command"
grep -q '^  watch ' "$tmp/out" || fail "--help lists no watch command"
run 0 set --help
grep -q '^usage: nioctl set' "$tmp/out" || fail "set --help prints no usage"
run 0 help watch
grep -q '^usage: nioctl watch' "$tmp/out" || fail "help watch prints no usage"
run 2 set
run 2 set va -4                         # nothing to set
run 2 set va -4 NlMtu                   # neither Field=value nor Field value
run 2 set va -4 Bogus=1
run 2 set va -4 NlMtu=abc
run 2 set va -4 NlMtu=4294967296
run 2 set va -4 NlMtu=-1
run 2 set va -4 ForwardingEnabled=maybe
run 2 set va -4 Connected=1             # read-only
run 2 set va -4 InterfaceIndex=3        # a key
run 2 set va -4 ZoneIndices=0           # not settable from here
run 2 set va -4 NlMtu=1400 nlmtu=1300   # twice
run 2 set va -4 --bogus NlMtu=1400
run 2 watch extra
run 2 watch --bogus

# ------------------------------------------------------------- set
run 0 set va -4 NlMtu=1400
expect_eq "set -4 NlMtu: ip link" "$(link_mtu va)" 1400
expect_eq "set -4 NlMtu: output" "$(cat "$tmp/out")" "NlMtu: 1500 -> 1400"
run 0 set "$va_index" -6 NlMtu=1300 DadTransmits=0 RouterDiscoveryBehavior=Disabled \
    ForwardingEnabled=true
expect_eq "set -6 by index: mtu" "$(conf6 va mtu)" 1300
expect_eq "set -6 by index: dad_transmits" "$(conf6 va dad_transmits)" 0
expect_eq "set -6 by index: accept_ra" "$(conf6 va accept_ra)" 0
expect_eq "set -6 by index: forwarding" "$(conf6 va forwarding)" 1
grep -q '^DadTransmits: [0-9]* -> 0$' "$tmp/out" || fail "set -6 output: $(cat "$tmp/out")"
# Enum by number and by full name, booleans in other spellings, case.
run 0 set va -6 routerdiscoverybehavior=1 forwardingenabled=no
expect_eq "set -6 RouterDiscoveryBehavior=1: accept_ra" "$(conf6 va accept_ra)" 1
expect_eq "set -6 ForwardingEnabled=no" "$(conf6 va forwarding)" 0
run 0 set va -6 RouterDiscoveryBehavior=RouterDiscoveryDisabled
expect_eq "set -6 RouterDiscoveryDisabled: accept_ra" "$(conf6 va accept_ra)" 0
run 0 set va -6 LinkLocalAddressBehavior=AlwaysOff
expect_eq "set -6 LinkLocalAddressBehavior: addr_gen_mode" "$(conf6 va addr_gen_mode)" 1
run 0 set va -6 LinkLocalAddressBehavior=LinkLocalAlwaysOn
expect_eq "set -6 LinkLocalAlwaysOn: addr_gen_mode" "$(conf6 va addr_gen_mode)" 0
run 0 set va -4 BaseReachableTime=20000 RetransmitTime=2000
expect_eq "set -4 BaseReachableTime" "$(cat /proc/sys/net/ipv4/neigh/va/base_reachable_time_ms)" 20000
expect_eq "set -4 RetransmitTime" "$(cat /proc/sys/net/ipv4/neigh/va/retrans_time_ms)" 2000
# Unchanged fields say so.
run 0 set va -4 NlMtu=1400
expect_eq "set same value" "$(cat "$tmp/out")" "NlMtu: 1400 (unchanged)"
# IPv4 SitePrefixLength=0 is accepted (OpenVPN) and Get still says 64.
run 0 set va -4 SitePrefixLength=0
expect_eq "set -4 SitePrefixLength=0" "$(cat "$tmp/out")" "SitePrefixLength: 64 (unchanged)"

# --json
run 0 set va -4 NlMtu=1450 --json
expect_eq "set --json NlMtu old" "$(json 'd["Fields"]["NlMtu"]["Old"]')" 1400
expect_eq "set --json NlMtu new" "$(json 'd["Fields"]["NlMtu"]["New"]')" 1450
expect_eq "set --json alias" "$(json 'd["InterfaceAlias"]')" va
expect_eq "set --json DryRun" "$(json 'd["DryRun"]')" false
expect_eq "set --json ip link" "$(link_mtu va)" 1450

# Metric: kept in the system-wide record (docs/set.md), so another process
# - the next nioctl - reads it back; no warning any more.  The automatic
# metric before it is Windows' for the veth's speed (10 Gb/s: 5).
run 0 set va -4 UseAutomaticMetric=0 Metric=3
[ -s "$tmp/err" ] && fail "Metric warned: $(cat "$tmp/err")"
expect_eq "Metric set" "$(sed -n 's/^Metric: //p' "$tmp/out")" "5 -> 3"
run 0 get va -4 --json
expect_eq "Metric read by another process" "$(json 'd["Metric"]')" 3
run 0 set va -4 UseAutomaticMetric=1
run 0 set va -6 SitePrefixLength=48
[ -s "$tmp/err" ] && fail "IPv6 SitePrefixLength warned: $(cat "$tmp/err")"
run 0 set va -4 SitePrefixLength=0
[ -s "$tmp/err" ] && fail "IPv4 SitePrefixLength warned: $(cat "$tmp/err")"

# ------------------------------------------------------------ dry run
snapshot "$tmp/before"
mtu6=$(conf6 va mtu)
run 0 set va -6 NlMtu=1280 DadTransmits=5 ForwardingEnabled=1 --dry-run
expect_unchanged "--dry-run"
expect_eq "dry-run output" "$(cat "$tmp/out")" "NlMtu: $mtu6 -> 1280
DadTransmits: 0 -> 5
ForwardingEnabled: false -> true"
run 0 set va -6 DadTransmits=0 -n --json
expect_unchanged "-n --json"
expect_eq "dry-run --json DryRun" "$(json 'd["DryRun"]')" true
expect_eq "dry-run --json unchanged" \
    "$(json 'd["Fields"]["DadTransmits"]["Old"] == d["Fields"]["DadTransmits"]["New"]')" true

# ------------------------------------------------------------ refusals
snapshot "$tmp/before"
run 1 set va -6 NlMtu=1279
expect_eq "IPv6 NlMtu 1279" "$(cat "$tmp/err")" "SetIpInterfaceEntry: ERROR_INVALID_PARAMETER (87)"
run 1 set va -4 SitePrefixLength=64
expect_eq "IPv4 SitePrefixLength 64" "$(cat "$tmp/err")" \
    "SetIpInterfaceEntry: ERROR_INVALID_PARAMETER (87)"
run 1 set va -6 RouterDiscoveryBehavior=Dhcp
expect_eq "RouterDiscoveryDhcp" "$(cat "$tmp/err")" "SetIpInterfaceEntry: ERROR_NOT_SUPPORTED (50)"
run 1 set va -4 WeakHostSend=false
expect_eq "WeakHostSend FALSE" "$(cat "$tmp/err")" "SetIpInterfaceEntry: ERROR_NOT_SUPPORTED (50)"
# All or nothing: a valid forwarding change with an MTU the veth refuses.
run 1 set va -4 ForwardingEnabled=1 NlMtu=70000
expect_eq "rollback" "$(cat "$tmp/err")" "SetIpInterfaceEntry: ERROR_INVALID_PARAMETER (87)"
expect_unchanged "refused sets"
run 1 set 999999 -4 NlMtu=1400
expect_eq "unknown index" "$(cat "$tmp/err")" 'nioctl: set: Cannot find device "999999"'
run 1 set no-such-if -4 NlMtu=1400
expect_eq "unknown alias" "$(cat "$tmp/err")" 'nioctl: set: Cannot find device "no-such-if"'
# Without CAP_NET_ADMIN: access denied, nothing changed.
if command -v setpriv >/dev/null 2>&1; then
    checks=$((checks + 1))
    setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
        "$NIOCTL" set va -6 DadTransmits=3 >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] || fail "no CAP_NET_ADMIN: exit $rc, want 1"
    expect_eq "no CAP_NET_ADMIN" "$(cat "$tmp/err")" "SetIpInterfaceEntry: ERROR_ACCESS_DENIED (5)"
    expect_unchanged "a set without CAP_NET_ADMIN"
else
    echo "note: no setpriv; the privilege check is skipped"
fi

# ------------------------------------------------------------- watch
# wait_for FILE PATTERN: up to 5 s for a line matching PATTERN.
wait_for() {
    for _ in $(seq 1 50); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "watch: no line matching '$2' in $1:"
    sed 's/^/    /' "$1" >&2
    return 1
}

"$NIOCTL" watch >"$tmp/watch" 2>"$tmp/watch.err" &
watch_pid=$!
wait_for "$tmp/watch" ' MibInitialNotification - - - -$'
ip link set va mtu 1420
wait_for "$tmp/watch" " MibParameterNotification AF_INET $va_index 0x[0-9a-f]\{16\} va$"
ip link add vc type veth peer name vd
vc_index=$(ip -o link show vc | sed -n 's/^\([0-9]*\):.*/\1/p')
wait_for "$tmp/watch" " MibAddInstance AF_INET $vc_index .* vc$"
wait_for "$tmp/watch" " MibAddInstance AF_INET6 $vc_index .* vc$"
# /proc only: no netlink message, the library's sweep finds it (one more
# IPv6 line for va than the MTU change gave).
sleep 1
pattern=" MibParameterNotification AF_INET6 $va_index .* va$"
seen=$(grep -c "$pattern" "$tmp/watch")
echo 4 >/proc/sys/net/ipv6/conf/va/dad_transmits
for _ in $(seq 1 30); do
    [ "$(grep -c "$pattern" "$tmp/watch")" -gt "$seen" ] && break
    sleep 0.1
done
expect_eq "watch: dad_transmits via /proc within 3 s" "$(grep -c "$pattern" "$tmp/watch")" \
    $((seen + 1))
ip link del vc
# The alias is gone by then; watch remembers it.
wait_for "$tmp/watch" " MibDeleteInstance AF_INET6 $vc_index .* vc$"
kill -INT "$watch_pid"
wait "$watch_pid"
rc=$?
watch_pid=
checks=$((checks + 1))
[ "$rc" -eq 0 ] || fail "watch after SIGINT: exit $rc, want 0"
expect_eq "watch: initial notifications" "$(grep -c MibInitialNotification "$tmp/watch")" 1
expect_eq "watch: Add of vc per family" "$(grep -c " MibAddInstance AF_INET6* $vc_index " "$tmp/watch")" 2
# Every line: time, type, family, index, LUID, alias.
checks=$((checks + 1))
grep -v -q -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}Z (MibInitialNotification - - - -|Mib[A-Za-z]+ AF_INET6? [0-9]+ 0x[0-9a-f]{16} [^ ]+)$' \
    "$tmp/watch" && fail "watch: malformed line: $(grep -v -E ' (Mib|AF_)' "$tmp/watch" | head -n 1)"
[ -s "$tmp/watch.err" ] && fail "watch wrote to stderr: $(cat "$tmp/watch.err")"

# -6 --json, stopped with SIGTERM: one JSON object per line, IPv6 only.
"$NIOCTL" watch -6 --json >"$tmp/watchj" 2>"$tmp/watch.err" &
watch_pid=$!
wait_for "$tmp/watchj" '"Type": "MibInitialNotification"'
ip link set va mtu 1410
echo 1 >/proc/sys/net/ipv4/conf/va/forwarding
wait_for "$tmp/watchj" '"Type": "MibParameterNotification", "Family": "AF_INET6"'
sleep 0.3
kill -TERM "$watch_pid"
wait "$watch_pid"
rc=$?
watch_pid=
checks=$((checks + 1))
[ "$rc" -eq 0 ] || fail "watch after SIGTERM: exit $rc, want 0"
checks=$((checks + 1))
python3 - "$tmp/watchj" "$va_index" <<'EOF' || fail "watch --json lines"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]
assert objs[0] == {"Time": objs[0]["Time"], "Type": "MibInitialNotification"}, objs[0]
keys = ["Time", "Type", "Family", "InterfaceIndex", "InterfaceLuid", "IfType", "NetLuidIndex",
        "InterfaceLuidName", "InterfaceAlias"]
for o in objs[1:]:
    assert list(o) == keys, o
    assert o["Family"] == "AF_INET6", o
va = [o for o in objs[1:] if o["InterfaceIndex"] == int(sys.argv[2])]
assert va and va[0]["InterfaceAlias"] == "va", va
assert va[0]["InterfaceLuid"] == "0x%016x" % (6 << 48 | int(sys.argv[2]) << 24), va
assert [va[0]["IfType"], va[0]["NetLuidIndex"]] == [6, int(sys.argv[2])], va
assert va[0]["InterfaceLuidName"].startswith("ethernet_"), va
EOF

finish
