#!/bin/sh
# test-nioctl-ip.sh NIOCTL - nioctl as a Linux administrator expects it after
# ip(8) (issue 15): an interface that does not exist is "Cannot find device",
# for every command that takes one; get shows both families unless -4, -6 or
# --family narrows it, with the same spellings on every command that has a
# family; options before the command (nioctl -j show); LUIDs in JSON as hex
# strings with their IfType and NetLuidIndex; set with ip(8)/sysctl words
# ("mtu 1400") and the list of fields for an unknown one.  In a throwaway
# namespace (test-lib.sh); exit 0, 1, or 77 where none can be made.

NIOCTL=${1:?usage: test-nioctl-ip.sh path/to/nioctl}
. "$(dirname "$0")/test-lib.sh"

err_is() {
    expect_eq "$1: stderr" "$(cat "$tmp/err")" "$2"
}

# v4_only WHAT: the last route list has ia's IPv4 subnet and no IPv6 row.
v4_only() {
    grep -q '^198\.18\.1\.0/24 dev ia ' "$tmp/out" || fail "$1: no 198.18.1.0/24: $(cat "$tmp/out")"
    grep -q ':' "$tmp/out" && fail "$1: IPv6 rows: $(cat "$tmp/out")"
}

link_mtu() {
    ip -o link show "$1" | sed -n 's/.* mtu \([0-9]*\) .*/\1/p'
}

# ------------------------------------------------------------- set-up
ip link set lo up || exit 1
ip link add ia type veth peer name ib || { echo "SKIP: no veth support"; exit 77; }
ip link set ia up
ip link set ib up
ip addr add 198.18.1.2/24 dev ia
ia_index=$(ip -o link show ia | sed -n 's/^\([0-9]*\):.*/\1/p')
lo_index=$(ip -o link show lo | sed -n 's/^\([0-9]*\):.*/\1/p')
# What Windows' LUID of a veth (IfType 6) and of loopback (24) is.
ia_luid=$(printf '0x%016x' $(((6 << 48) | (ia_index << 24))))
lo_luid=$(printf '0x%016x' $(((24 << 48) | (lo_index << 24))))

# ------------------------------------------- no such device, as ip(8) says
# Every command that takes an interface, and every form of the argument.
for arg in nosuch 99999 0x00060000ff000000 ethernet_99999; do
    run 1 get "$arg"
    err_is "get $arg" "nioctl: get: Cannot find device \"$arg\""
done
run 1 set nosuch mtu 1400
err_is "set" 'nioctl: set: Cannot find device "nosuch"'
run 1 set nosuch -6 NlMtu=1400 --dry-run
err_is "set -6 --dry-run" 'nioctl: set: Cannot find device "nosuch"'
run 1 link nosuch
err_is "link" 'nioctl: link: Cannot find device "nosuch"'
run 1 route get 198.18.1.9 --interface nosuch
err_is "route get" 'nioctl: route get: Cannot find device "nosuch"'
run 1 route list dev nosuch
err_is "route list" 'nioctl: route list: Cannot find device "nosuch"'
for sub in show add del; do
    run 1 route $sub 198.18.7.0/24 dev nosuch
    err_is "route $sub" "nioctl: route $sub: Cannot find device \"nosuch\""
done
run 1 route set 198.18.7.0/24 dev nosuch metric 3
err_is "route set" 'nioctl: route set: Cannot find device "nosuch"'
run 1 addr list dev nosuch
err_is "addr list" 'nioctl: addr list: Cannot find device "nosuch"'
run 1 addr add 198.18.7.1/24 dev 99999
err_is "addr add" 'nioctl: addr add: Cannot find device "99999"'
for sub in show del; do
    run 1 addr $sub 198.18.1.2 dev nosuch
    err_is "addr $sub" "nioctl: addr $sub: Cannot find device \"nosuch\""
done
run 1 addr set 198.18.1.2 dev nosuch valid 100
err_is "addr set" 'nioctl: addr set: Cannot find device "nosuch"'
# A device that exists but lacks the family is still the library's answer.
ip link set ib mtu 1000                  # below 1280: Linux drops IPv6
run 1 get ib -6
err_is "get ib -6" "GetIpInterfaceEntry: ERROR_NOT_FOUND (1168)"

# ---------------------------------------------------- families, ip's words
run 0 get ia
expect_eq "get ia: both families" "$(field Family | tr '\n' ' ')" "AF_INET AF_INET6 "
run 0 get ia --json
expect_eq "get ia --json: an array of both rows" "$(json '[r["Family"] for r in d]')" \
    '["AF_INET", "AF_INET6"]'
run 0 get ia -4 -6 --json
expect_eq "get -4 -6: both" "$(json '[r["Family"] for r in d]')" '["AF_INET", "AF_INET6"]'
# ib has no IPv6 row: get shows what there is.
run 0 get ib --json
expect_eq "get ib: IPv4 alone" "$(json '[r["Family"] for r in d]')" '["AF_INET"]'
for spelling in "-4" "-f inet" "--family inet" "--family=inet"; do
    # shellcheck disable=SC2086 # the spelling is words
    run 0 get ia $spelling --json
    expect_eq "get $spelling" "$(json 'd["Family"]')" AF_INET
done
for spelling in "-6" "-f inet6" "--family inet6" "--family=inet6"; do
    # shellcheck disable=SC2086
    run 0 get ia $spelling
    expect_eq "get $spelling" "$(field Family)" AF_INET6
done
# The same spellings on every command with a family.
run 0 show --family inet6 --json
expect_eq "show --family inet6" "$(json 'sorted(set(r["Family"] for r in d))')" '["AF_INET6"]'
run 0 show -f inet --json
expect_eq "show -f inet" "$(json 'sorted(set(r["Family"] for r in d))')" '["AF_INET"]'
run 0 route list --family inet6 dev ia --json
expect_eq "route list --family inet6" \
    "$(json 'all(":" in r["DestinationPrefix"] for r in d) and len(d) > 0')" true
run 0 route list -f inet dev ia
v4_only "route list -f inet"
run 0 addr list --family=inet dev ia
grep -q '^198\.18\.1\.2/24 dev ia ' "$tmp/out" || fail "addr list --family=inet: $(cat "$tmp/out")"
grep -q ':' "$tmp/out" && fail "addr list --family=inet has IPv6 rows: $(cat "$tmp/out")"
run 0 set ia -f inet6 NlMtu=1400 --dry-run
expect_eq "set -f inet6" "$(cat "$tmp/out")" "NlMtu: 1500 -> 1400"
run 0 watch --family inet6 --help
run 0 route watch -f inet --help
for cmd in show get watch "route list" "addr list"; do
    # shellcheck disable=SC2086
    run 2 $cmd --family ipx
    grep -q 'unknown family "ipx" (inet or inet6)' "$tmp/err" ||
        fail "$cmd --family ipx: $(cat "$tmp/err")"
done
run 2 show --family
run 2 link ia -f inet                    # a link row has no family

# ---------------------------------------------- options before the command
run 0 -j show
cp "$tmp/out" "$tmp/global"
run 0 show -j
# ReachableTime is randomised by the kernel: the rest must be identical.
checks=$((checks + 1))
python3 - "$tmp/global" "$tmp/out" <<'PY' || fail "nioctl -j show differs from show -j"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
for r in a + b:
    r.pop("ReachableTime")
assert a == b and len(a) > 0, (a, b)
PY
run 0 --json get ia
expect_eq "--json get ia" "$(json '[r["InterfaceAlias"] for r in d]')" '["ia", "ia"]'
run 0 -6 get ia
expect_eq "-6 get ia" "$(field Family)" AF_INET6
run 0 -f inet -j get ia
expect_eq "-f inet -j get" "$(json 'd["Family"]')" AF_INET
run 0 --family=inet6 show
grep -q ' IPv4 ' "$tmp/out" && fail "--family=inet6 show has IPv4 rows"
run 0 -j link ia
expect_eq "-j link" "$(json 'd["Alias"]')" ia
run 0 -j route get 198.18.1.9
expect_eq "-j route get" "$(json 'd["Alias"]')" ia
run 0 -4 route list dev ia
v4_only "-4 route list"
run 0 -j addr list -4 dev ia
expect_eq "-j addr list" "$(json '[r["Address"] for r in d]')" '["198.18.1.2"]'
run 0 -j set ia -4 mtu 1500 --dry-run
expect_eq "-j set" "$(json 'd["Fields"]["NlMtu"]["Old"]')" 1500
run 0 -j --version
run 0 -j help get
run 2 -x show
run 2 -f show                            # -f takes show as its family
run 2 -4 link                            # no family for a link row
run 2 -6 addr show 198.18.1.2 dev ia     # the address has one
run 2 -j

# ------------------------------------------------- LUIDs as hex in JSON
run 0 get ia -4
expect_eq "text LUID" "$(field InterfaceLuid)" "$ia_luid"
expect_eq "text IfType, NetLuidIndex" "$(field IfType) $(field NetLuidIndex)" "6 $ia_index"
# The same spelling, with the parts beside it, everywhere a LUID is.
luid_check() {
    expect_eq "$1" "$(json "$2")" "[\"$3\", $4, $5]"
}
run 0 get ia -6 --json
luid_check "get --json" '[d[k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")]' \
    "$ia_luid" 6 "$ia_index"
run 0 get lo -4 --json
luid_check "get lo --json" '[d[k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")]' \
    "$lo_luid" 24 "$lo_index"
run 0 show --json
luid_check "show --json" \
    '[[r[k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")] for r in d if r["InterfaceAlias"] == "ia"][0]' \
    "$ia_luid" 6 "$ia_index"
run 0 link ia --json
luid_check "link --json" '[d[k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")]' \
    "$ia_luid" 6 "$ia_index"
run 0 link --json
expect_eq "link --json: every LUID a string" \
    "$(json 'all(isinstance(r["InterfaceLuid"], str) and r["InterfaceLuid"] == "0x%016x" % (r["IfType"] << 48 | r["NetLuidIndex"] << 24) for r in d)')" true
run 0 route list dev ia --json
expect_eq "route list --json" \
    "$(json 'sorted(set((r["InterfaceLuid"], r["IfType"], r["NetLuidIndex"]) for r in d))')" \
    "[[\"$ia_luid\", 6, $ia_index]]"
run 0 route get 198.18.1.9 --json
luid_check "route get --json" '[d[k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")]' \
    "$ia_luid" 6 "$ia_index"
run 0 route show 198.18.1.0/24 dev ia --json
luid_check "route show --json" '[d[k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")]' \
    "$ia_luid" 6 "$ia_index"
run 0 addr list dev ia -4 --json
luid_check "addr list --json" '[d[0][k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")]' \
    "$ia_luid" 6 "$ia_index"
run 0 addr show 198.18.1.2 dev ia --json
luid_check "addr show --json" '[d[k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")]' \
    "$ia_luid" 6 "$ia_index"
run 0 set ia -4 NlMtu=1500 --dry-run --json
luid_check "set --json" '[d[k] for k in ("InterfaceLuid", "IfType", "NetLuidIndex")]' \
    "$ia_luid" 6 "$ia_index"
# The JSON LUID is taken back as <interface>.
run 0 get "$ia_luid" -4
expect_eq "get by the JSON LUID" "$(field InterfaceAlias)" ia

# ------------------------------------------------- set in ip(8)'s words
run 0 set ia mtu 1400
expect_eq "set mtu 1400: ip link" "$(link_mtu ia)" 1400
expect_eq "set mtu 1400: both families" "$(cat "$tmp/out")" "Family: AF_INET
NlMtu: 1500 -> 1400

Family: AF_INET6
NlMtu: 1400 (unchanged)"
run 0 set ia -6 mtu=1300
expect_eq "set -6 mtu=1300" "$(cat /proc/sys/net/ipv6/conf/ia/mtu)" 1300
run 0 set ia forwarding on
expect_eq "set forwarding on: IPv4" "$(cat /proc/sys/net/ipv4/conf/ia/forwarding)" 1
expect_eq "set forwarding on: IPv6" "$(cat /proc/sys/net/ipv6/conf/ia/forwarding)" 1
run 0 set ia -4 FORWARDING off --json
expect_eq "set FORWARDING off (case)" "$(cat /proc/sys/net/ipv4/conf/ia/forwarding)" 0
expect_eq "set --json names the field" "$(json 'list(d["Fields"])')" '["ForwardingEnabled"]'
run 2 set ia -6 dad_transmits 2 DadTransmits=3
grep -q 'DadTransmits given twice' "$tmp/err" || fail "word and name twice: $(cat "$tmp/err")"
run 0 set ia -6 dad-transmits 2
expect_eq "set dad-transmits" "$(cat /proc/sys/net/ipv6/conf/ia/dad_transmits)" 2
run 0 set ia -4 base_reachable_time_ms 20000 retrans_time_ms=2000
expect_eq "set base_reachable_time_ms" \
    "$(cat /proc/sys/net/ipv4/neigh/ia/base_reachable_time_ms)" 20000
expect_eq "set retrans_time_ms" "$(cat /proc/sys/net/ipv4/neigh/ia/retrans_time_ms)" 2000
run 0 set ia -4 UseAutomaticMetric=0 metric 7
run 0 get ia -4 --json
expect_eq "set metric 7" "$(json 'd["Metric"]')" 7
run 0 set --list-fields
for w in NlMtu mtu ForwardingEnabled forwarding Metric metric dad_transmits \
    base_reachable_time_ms retrans_time_ms; do
    grep -qx "$w" "$tmp/out" || fail "--list-fields has no $w"
done
grep -qx Connected "$tmp/out" && fail "--list-fields lists the read-only Connected"
# An unknown field: the list of those there are, and nothing changed.
run 2 set ia mtux 1400
grep -q '^nioctl set: no field "mtux"; the fields set can change:$' "$tmp/err" ||
    fail "unknown field: $(cat "$tmp/err")"
grep -q 'NlMtu (mtu)' "$tmp/err" || fail "unknown field: no NlMtu (mtu) in the list"
grep -q 'ForwardingEnabled (forwarding)' "$tmp/err" || fail "unknown field: no forwarding"
run 2 set ia Bogus=1
grep -q 'NlMtu (mtu)' "$tmp/err" || fail "Bogus=1: no list"
run 2 set ia mtu                         # a word needs its value
expect_eq "set ia mtu: ip link" "$(link_mtu ia)" 1400

# An MTU below IPv6's minimum is the kernel's: the link takes it and drops
# IPv6 (as `ip link set mtu 1000` does), so only the IPv4 row is reported.
run 0 set ia mtu 1000
expect_eq "set ia mtu 1000: ip link" "$(link_mtu ia)" 1000
grep -q 'Family: AF_INET6' "$tmp/out" && fail "mtu 1000: an IPv6 row was reported"
run 0 set ia -4 mtu 1400

finish
