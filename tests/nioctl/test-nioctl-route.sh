#!/bin/sh
# test-nioctl-route.sh NIOCTL - "nioctl route list|show|add|set|del|watch"
# against a veth pair in a throwaway network namespace: usage errors (exit
# 2), every change checked with `ip -j route` (never through nioctl alone),
# --json parsed and its keys checked, the library's refusals with their
# Windows codes (exit 1), and watch seeing an add and a delete made by ip.
# Addresses come from 198.18.0.0/15 and fd00::/8 only.  Exit 0 on success,
# 1 on a failure, 77 (skip) where no namespace can be made.

NIOCTL=${1:?usage: test-nioctl-route.sh path/to/nioctl}
. "$(dirname "$0")/test-lib.sh"

# watch runs in the background below; never leave it behind.
watch_pid=
trap '[ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

# ipj EXPR ARGS...: `ip -j ARGS` parsed into r (a list), EXPR printed.
ipj() {
    expr=$1
    shift
    ip -j "$@" >"$tmp/ip" 2>&1 || { fail "ip -j $*: $(cat "$tmp/ip")"; return; }
    python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(json.dumps(v) if not isinstance(v, str) else v)' "$tmp/ip" "$expr" 2>"$tmp/pyerr" ||
        fail "ip -j $* | $expr: $(tail -n 1 "$tmp/pyerr")"
}

# err_is WANT: the last stderr, exactly.
err_is() {
    expect_eq "stderr of the last command" "$(cat "$tmp/err")" "$1"
}

# The keys of a route row in --json, in order (docs/nioctl.md).
row_keys='["InterfaceLuid", "IfType", "NetLuidIndex", "InterfaceName", "Alias", "InterfaceIndex", "DestinationPrefix",
"NextHop", "SitePrefixLength", "ValidLifetime", "PreferredLifetime", "Metric", "Protocol",
"Loopback", "AutoconfigureAddress", "Publish", "Immortal", "Age", "Origin"]'

# ------------------------------------------------------------- set-up
ip link set lo up || exit 1
ip link add ra type veth peer name rb || { echo "SKIP: no veth support"; exit 77; }
# No duplicate address detection: the link-local routes are there at once,
# and cannot appear later in the middle of a watch.
for dev in ra rb; do
    echo 0 >/proc/sys/net/ipv6/conf/$dev/accept_dad
done
ip link set ra up
ip link set rb up
ip addr add 198.18.1.2/24 dev ra
ip -6 addr add fd00:1::2/64 dev ra nodad
ra_index=$(ip -o link show ra | sed -n 's/^\([0-9]*\):.*/\1/p')
for _ in 1 2 3 4 5 6 7 8 9 10; do
    ip link show ra | grep -q 'state UP' && break
    sleep 0.2
done
"$NIOCTL" get ra -4 --json >"$tmp/out" 2>"$tmp/err" || fail "get ra --json: $(cat "$tmp/err")"
ra_luid=$(json 'd["InterfaceLuid"]')   # "0x0006000003000000": a string in JSON

# ----------------------------------------------------- help and usage
run 0 route --help
cp "$tmp/out" "$tmp/help"
for sub in get list show add set del watch; do
    grep -q "nioctl route $sub " "$tmp/help" || fail "route --help lists no $sub"
    run 0 route "$sub" --help
    grep -q "^usage: nioctl route $sub" "$tmp/out" || fail "route $sub --help: $(cat "$tmp/out")"
done
run 0 help route
run 2 route frob                                     # no such command
run 2 route add
grep -q '^usage: nioctl route add PREFIX' "$tmp/err" || fail "a usage error prints no usage line"
run 2 route add 198.18.5.0/24                        # no dev
run 2 route del 198.18.5.0/24                        # no dev
run 2 route show dev ra                              # no prefix
run 2 route add foo dev ra
run 2 route add 198.18.5.0/33 dev ra
run 2 route add fd00:5::/129 dev ra
run 2 route add 198.18.5.0/ dev ra
run 2 route add /24 dev ra
run 2 route add 198.18.5/24 dev ra                   # no shorthand addresses
run 2 route add 198.18.5.0/2x dev ra
run 2 route add 198.18.5.0/-1 dev ra
run 2 route add fe80::%ra/64 dev ra                  # a prefix has no zone
run 2 route add 198.18.5.0/24 via nowhere dev ra
run 2 route add 198.18.5.0/24 dev ra metric abc
run 2 route add 198.18.5.0/24 dev ra metric -1
run 2 route add 198.18.5.0/24 dev ra metric 4294967296
run 2 route add 198.18.5.0/24 dev ra metric 1 metric 2
run 2 route add 198.18.5.0/24 dev ra lifetime soon
run 2 route add 198.18.5.0/24 198.18.6.0/24 dev ra      # one prefix
usage_is 'nioctl route add: unexpected argument "198.18.6.0/24"'
run 2 route list 198.18.5.0/24                            # list takes none
usage_is 'nioctl route list: unexpected argument "198.18.5.0/24"'
run 2 route add 198.18.5.0/24 dev ra --frob
usage_is 'nioctl route add: unknown option "--frob"'
run 2 route list -f
usage_is 'nioctl route list: -f needs a value (inet or inet6)'
run 2 route add 198.18.5.0/24 dev ra proto Bogus
run 2 route add 198.18.5.0/24 dev ra metric
run 2 route add 198.18.5.0/24 dev ra --bogus
run 2 route add 198.18.5.0/24 198.18.6.0/24 dev ra
run 2 route add default dev ra                       # which family?
run 2 route add -4 fd00:5::/64 dev ra
run 2 route add -4 -6 default dev ra
run 2 route set 198.18.5.0/24 dev ra                 # nothing to set
run 2 route del 198.18.5.0/24 dev ra metric 5        # del takes no values
run 2 route list 198.18.5.0/24
run 2 route list dev
run 2 route watch extra
run 2 route watch --count 0
run 2 route watch --count x
run 2 route watch dev ra

# ------------------------------------------------------------ IPv4 rows
run 0 route add 198.18.5.0/24 via 198.18.1.1 dev ra metric 10
[ -s "$tmp/out" ] && fail "route add printed: $(cat "$tmp/out")"
expect_eq "add v4: ip" \
    "$(ipj '[(x["dst"], x["gateway"], x["dev"], x.get("metric", 0)) for x in r]' route show 198.18.5.0/24)" \
    '[["198.18.5.0/24", "198.18.1.1", "ra", 10]]'
run 0 route show 198.18.5.0/24 via 198.18.1.1 dev ra
expect_eq "show v4 DestinationPrefix" "$(field DestinationPrefix)" "198.18.5.0/24"
expect_eq "show v4 NextHop" "$(field NextHop)" "198.18.1.1"
expect_eq "show v4 Alias" "$(field Alias)" "ra"
expect_eq "show v4 InterfaceIndex" "$(field InterfaceIndex)" "$ra_index"
expect_eq "show v4 Metric" "$(field Metric)" "10"
expect_eq "show v4 Protocol" "$(field Protocol)" "NetMgmt (3)"
expect_eq "show v4 ValidLifetime" "$(field ValidLifetime)" "4294967295"
expect_eq "show v4 Loopback" "$(field Loopback)" "FALSE"
run 0 route show 198.18.5.0/24 via 198.18.1.1 dev "$ra_index" --json
expect_eq "show --json keys" "$(json "list(d) == $row_keys")" true
expect_eq "show --json InterfaceLuid" "$(json 'd["InterfaceLuid"]')" "$ra_luid"
expect_eq "show --json InterfaceName" "$(json 'd["InterfaceName"]')" "ethernet_$ra_index"
expect_eq "show --json types" \
    "$(json '[type(d[k]).__name__ for k in ("InterfaceLuid", "Metric", "Protocol", "Loopback", "Immortal", "NextHop")]')" \
    '["str", "int", "int", "bool", "bool", "str"]'
expect_eq "show --json Protocol, Origin" "$(json '[d["Protocol"], d["Origin"]]')" "[3, 0]"
run 0 route show 198.18.5.0/24 via 198.18.1.1 dev ethernet_"$ra_index"
expect_eq "show by Windows-style name" "$(field Metric)" "10"

run 1 route add 198.18.5.0/24 via 198.18.1.1 dev ra metric 10
err_is "nioctl: route add: ERROR_OBJECT_ALREADY_EXISTS (5010): the route exists"

# set: only the values given change.
run 0 route set 198.18.5.0/24 via 198.18.1.1 dev ra metric 20
expect_eq "set metric: ip" \
    "$(ipj '[(x["gateway"], x.get("metric", 0), x.get("protocol")) for x in r]' route show 198.18.5.0/24)" \
    '[["198.18.1.1", 20, "static"]]'
run 0 route set 198.18.5.0/24 via 198.18.1.1 dev ra proto Rip --json
expect_eq "set proto --json Protocol" "$(json 'd["Protocol"]')" 8
expect_eq "set proto --json Metric kept" "$(json 'd["Metric"]')" 20
expect_eq "set proto: ip" \
    "$(ipj '[(x.get("metric", 0), x.get("protocol") in ("rip", "189")) for x in r]' route show 198.18.5.0/24)" \
    '[[20, true]]'

# Host routes, the Windows default metric, default routes.
run 0 route add 198.18.6.7 dev ra
expect_eq "host route: ip" "$(ipj '[(x["dst"], x.get("metric", 0)) for x in r]' route show 198.18.6.7)" \
    '[["198.18.6.7", 256]]'
run 0 route show 198.18.6.7 dev ra
expect_eq "host route prefix" "$(field DestinationPrefix)" "198.18.6.7/32"
expect_eq "host route on-link" "$(field NextHop)" "0.0.0.0"
expect_eq "host route Metric" "$(field Metric)" "256"
run 0 route add default via 198.18.1.1 dev ra metric 7
expect_eq "default v4: ip" "$(ipj '[(x["dst"], x["gateway"], x["metric"]) for x in r]' -4 route show default)" \
    '[["default", "198.18.1.1", 7]]'

# list: ip(8)-like lines, the dev filter, --json.
run 0 route list -4
grep -qx '198\.18\.5\.0/24 via 198\.18\.1\.1 dev ra metric 20 proto Rip' "$tmp/out" ||
    fail "list -4: no line for 198.18.5.0/24: $(cat "$tmp/out")"
grep -qx '198\.18\.6\.7 dev ra metric 256 proto NetMgmt' "$tmp/out" ||
    fail "list -4: no line for the host route"
grep -qx 'default via 198\.18\.1\.1 dev ra metric 7 proto NetMgmt' "$tmp/out" ||
    fail "list -4: no line for the default route"
grep -q '^local 198\.18\.1\.2 dev ra ' "$tmp/out" || fail "list -4: no local line for 198.18.1.2"
grep -q ':' "$tmp/out" && fail "list -4 has IPv6 rows"
run 0 route list -4 dev ra --json
expect_eq "list --json keys" "$(json "all(list(x) == $row_keys for x in d)")" true
expect_eq "list dev ra: one interface" "$(json 'sorted(set(x["Alias"] for x in d))')" '["ra"]'
expect_eq "list --json the route" \
    "$(json '[(x["NextHop"], x["Metric"], x["Protocol"], x["InterfaceLuid"]) for x in d if x["DestinationPrefix"] == "198.18.5.0/24"]')" \
    "[[\"198.18.1.1\", 20, 8, \"$ra_luid\"]]"
expect_eq "list --json local row" \
    "$(json '[x["Loopback"] for x in d if x["DestinationPrefix"] == "198.18.1.2/32"]')" '[true]'
# Every route of ra in ip's main table is a row.
ip -j -4 route show table main dev ra >"$tmp/ip"
checks=$((checks + 1))
python3 - "$tmp/ip" "$tmp/out" <<'PY' || fail "list -4 dev ra misses routes ip shows"
import json, sys
ip = json.load(open(sys.argv[1]))
rows = {(x["DestinationPrefix"], x["NextHop"], x["Metric"]) for x in json.load(open(sys.argv[2]))}
for x in ip:
    dst = "0.0.0.0/0" if x["dst"] == "default" else x["dst"]
    if "/" not in dst:
        dst += "/32"
    want = (dst, x.get("gateway", "0.0.0.0"), x.get("metric", 0))
    assert want in rows, (want, rows)
PY
run 0 route list -4 dev "$ra_luid" --json
expect_eq "list dev by LUID" "$(json 'sorted(set(x["InterfaceLuid"] for x in d))')" "[\"$ra_luid\"]"
# route get (GetBestRoute2) prints the same table, and its source after it.
run 0 route get 198.18.5.9 --json
expect_eq "route get --json keys" "$(json "list(d) == $row_keys + ['BestSourceAddress']")" true
expect_eq "route get --json route" "$(json '[d["DestinationPrefix"], d["NextHop"], d["BestSourceAddress"]]')" \
    '["198.18.5.0/24", "198.18.1.1", "198.18.1.2"]'
run 0 route list -6 dev lo
grep -q ' dev ra ' "$tmp/out" && fail "list dev lo shows ra's routes"
run 1 route list dev nosuch
err_is 'nioctl: route list: Cannot find device "nosuch"'
run 1 route list dev 99999
err_is 'nioctl: route list: Cannot find device "99999"'

# Refusals: nothing may change.  Every route but the link-local ones, which
# the kernel adds when a link-local address's DAD ends, at a moment of its own.
routes_now() {
    ip -4 route show table all
    ip -6 route show table all | grep -v fe80
}
routes_now >"$tmp/before"
run 1 route add 198.18.5.1/24 dev ra
grep -q '^nioctl: route add: ERROR_INVALID_PARAMETER (87): ' "$tmp/err" || fail "host bits: $(cat "$tmp/err")"
run 1 route add 198.18.8.0/24 dev ra lifetime 100
grep -q '^nioctl: route add: ERROR_NOT_SUPPORTED (50): ' "$tmp/err" || fail "v4 lifetime: $(cat "$tmp/err")"
run 1 route add 198.18.8.0/24 dev nosuch
err_is 'nioctl: route add: Cannot find device "nosuch"'
run 1 route add 198.18.8.0/24 dev 99999
err_is 'nioctl: route add: Cannot find device "99999"'
run 1 route show 198.18.99.0/24 dev ra
err_is "nioctl: route show: ERROR_NOT_FOUND (1168): no such route (or no such interface)"
run 1 route set 198.18.99.0/24 dev ra metric 1
grep -q '^nioctl: route set: ERROR_NOT_FOUND (1168)' "$tmp/err" || fail "set absent: $(cat "$tmp/err")"
run 1 route del 198.18.99.0/24 dev ra
err_is "nioctl: route del: ERROR_NOT_FOUND (1168): no such route (or no such interface)"
run 1 route del 198.18.5.0/24 via 198.18.1.9 dev ra      # another next hop
grep -q '^nioctl: route del: ERROR_NOT_FOUND (1168)' "$tmp/err" || fail "del, other hop: $(cat "$tmp/err")"
if command -v setpriv >/dev/null 2>&1; then
    checks=$((checks + 1))
    setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
        "$NIOCTL" route add 198.18.8.0/24 dev ra >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] || fail "add without CAP_NET_ADMIN: exit $rc, want 1"
    grep -q '^nioctl: route add: ERROR_ACCESS_DENIED (5): ' "$tmp/err" ||
        fail "add without CAP_NET_ADMIN: $(cat "$tmp/err")"
    setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
        "$NIOCTL" route del 198.18.6.7 dev ra >"$tmp/out" 2>"$tmp/err"
    grep -q '^nioctl: route del: ERROR_ACCESS_DENIED (5): ' "$tmp/err" ||
        fail "del without CAP_NET_ADMIN: $(cat "$tmp/err")"
else
    echo "note: no setpriv; the privilege check is skipped"
fi
routes_now >"$tmp/after"
checks=$((checks + 1))
cmp -s "$tmp/before" "$tmp/after" || fail "a refused call changed the routes"

# del, with --json printing the row that went.
run 0 route del 198.18.5.0/24 via 198.18.1.1 dev ra --json
expect_eq "del --json Metric" "$(json 'd["Metric"]')" 20
expect_eq "del v4: ip" "$(ipj 'len(r)' route show 198.18.5.0/24)" 0
run 0 route del 198.18.6.7 dev ra
run 0 route del default via 198.18.1.1 dev ra
expect_eq "del v4 all: ip" "$(ipj 'len(r)' -4 route show default)" 0
run 1 route del 198.18.6.7 dev ra
grep -q 'ERROR_NOT_FOUND (1168)' "$tmp/err" || fail "del twice: $(cat "$tmp/err")"

# ------------------------------------------------------------ IPv6 rows
run 0 route add fd00:5::/64 via fd00:1::1 dev ra metric 10
expect_eq "add v6: ip" \
    "$(ipj '[(x["dst"], x["gateway"], x["dev"], x["metric"]) for x in r]' -6 route show fd00:5::/64)" \
    '[["fd00:5::/64", "fd00:1::1", "ra", 10]]'
run 0 route show fd00:5::/64 via fd00:1::1 dev ra --json
expect_eq "show v6 --json" "$(json '[d["DestinationPrefix"], d["NextHop"], d["Metric"], d["Immortal"]]')" \
    '["fd00:5::/64", "fd00:1::1", 10, true]'
run 1 route add fd00:5::/64 via fd00:1::1 dev ra
err_is "nioctl: route add: ERROR_OBJECT_ALREADY_EXISTS (5010): the route exists"
# A finite lifetime (IPv6 routes expire on Linux), kept by a set without one.
run 0 route add fd00:6::/64 dev ra lifetime 300
expect_eq "lifetime: ip expires" "$(ipj '[290 <= x.get("expires", 0) <= 300 for x in r]' -6 route show fd00:6::/64)" \
    '[true]'
run 0 route show fd00:6::/64 dev ra --json
expect_eq "lifetime: row" \
    "$(json '[290 <= d["ValidLifetime"] <= 300, d["ValidLifetime"] == d["PreferredLifetime"], d["Immortal"]]')" \
    '[true, true, false]'
run 0 route set fd00:6::/64 dev ra metric 5
expect_eq "set keeps the lifetime: ip" \
    "$(ipj '[(x["metric"], 280 <= x.get("expires", 0) <= 300) for x in r]' -6 route show fd00:6::/64)" \
    '[[5, true]]'
run 0 route list -6 dev ra
grep -q '^fd00:6::/64 dev ra metric 5 proto NetMgmt lifetime [0-9][0-9]*$' "$tmp/out" ||
    fail "list -6: no line with a lifetime: $(cat "$tmp/out")"
grep -qx 'fd00:5::/64 via fd00:1::1 dev ra metric 10 proto NetMgmt' "$tmp/out" ||
    fail "list -6: no line for fd00:5::/64"
grep -q '^local fd00:1::2 dev ra ' "$tmp/out" || fail "list -6: no local line for fd00:1::2"
grep -q '198\.18\.' "$tmp/out" && fail "list -6 has IPv4 rows"
grep -qx 'fe80::/64 dev ra metric 256 proto Local' "$tmp/out" ||
    fail "list -6: the link-local prefix is not as ip prints it"
run 0 route set fd00:6::/64 dev ra lifetime infinite
expect_eq "set lifetime infinite: ip" "$(ipj '["expires" in x for x in r]' -6 route show fd00:6::/64)" '[false]'
run 0 route add fd00:7::7 dev ra
expect_eq "v6 host route: ip" "$(ipj '[x["dst"] for x in r]' -6 route show fd00:7::7)" '["fd00:7::7"]'
run 0 route add default via fe80::1 dev ra metric 9
expect_eq "default v6 inferred from via: ip" \
    "$(ipj '[(x["dst"], x["gateway"], x["metric"]) for x in r]' -6 route show default)" \
    '[["default", "fe80::1", 9]]'
run 0 route show -6 default via fe80::1 dev ra
expect_eq "default v6 prefix" "$(field DestinationPrefix)" "::/0"
run 0 route list -6 dev ra
grep -qx 'default via fe80::1 dev ra metric 9 proto NetMgmt' "$tmp/out" ||
    fail "list -6: no line for the default route via fe80::1: $(cat "$tmp/out")"
run 1 route add fd00:8::1/64 dev ra
grep -q 'ERROR_INVALID_PARAMETER (87)' "$tmp/err" || fail "v6 host bits: $(cat "$tmp/err")"
for r in "fd00:5::/64 via fd00:1::1" "fd00:6::/64" "fd00:7::7" "default via fe80::1"; do
    # shellcheck disable=SC2086
    run 0 route del $r dev ra
done
expect_eq "del v6: ip" \
    "$(ipj '[x["dst"] for x in r if x["dst"] in ("fd00:5::/64", "fd00:6::/64", "fd00:7::7", "default")]' -6 route show)" \
    '[]'

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

# wait_exit: up to 5 s for the watch to end by itself; its exit code.
wait_exit() {
    for _ in $(seq 1 50); do
        kill -0 "$watch_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$watch_pid" 2>/dev/null; then
        fail "watch --count did not stop"
        kill "$watch_pid"
    fi
    wait "$watch_pid"
    rc=$?
    watch_pid=
    checks=$((checks + 1))
    [ "$rc" -eq 0 ] || fail "watch --count: exit $rc, want 0"
}

"$NIOCTL" route watch -4 --count 2 >"$tmp/watch" 2>"$tmp/watch.err" &
watch_pid=$!
wait_for "$tmp/watch" ' MibInitialNotification -$'
ip route add 198.18.9.0/24 via 198.18.1.1 dev ra metric 3
wait_for "$tmp/watch" ' MibAddInstance 198\.18\.9\.0/24 via 198\.18\.1\.1 dev ra metric 3 proto NetMgmt$'
ip route del 198.18.9.0/24 via 198.18.1.1 dev ra metric 3
wait_exit
grep -q ' MibDeleteInstance 198\.18\.9\.0/24 via 198\.18\.1\.1 dev ra$' "$tmp/watch" ||
    fail "watch: no delete line: $(cat "$tmp/watch")"
expect_eq "watch --count 2: lines" "$(wc -l <"$tmp/watch")" 3
checks=$((checks + 1))
grep -v -q -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}Z Mib[A-Za-z]+ ' "$tmp/watch" &&
    fail "watch: malformed line: $(cat "$tmp/watch")"
[ -s "$tmp/watch.err" ] && fail "watch wrote to stderr: $(cat "$tmp/watch.err")"

"$NIOCTL" route watch -6 --json --count 2 >"$tmp/watchj" 2>"$tmp/watch.err" &
watch_pid=$!
wait_for "$tmp/watchj" '"Type": "MibInitialNotification"'
ip -6 route add fd00:9::/64 dev ra
wait_for "$tmp/watchj" '"Type": "MibAddInstance"'
ip -6 route del fd00:9::/64 dev ra
wait_exit
checks=$((checks + 1))
python3 - "$tmp/watchj" "$ra_luid" "$row_keys" <<'PY' || fail "watch --json lines: $(cat "$tmp/watchj")"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
keys = json.loads(sys.argv[3])
assert len(objs) == 3, objs
assert list(objs[0]) == ["Time", "Type"] and objs[0]["Type"] == "MibInitialNotification", objs[0]
add, gone = objs[1], objs[2]
assert [add["Type"], gone["Type"]] == ["MibAddInstance", "MibDeleteInstance"], objs
for o in (add, gone):
    assert list(o) == ["Time", "Type", "Key", "Row"], o
    assert list(o["Key"]) == keys[:8], o
    assert o["Key"]["DestinationPrefix"] == "fd00:9::/64" and o["Key"]["Alias"] == "ra", o
    assert o["Key"]["InterfaceLuid"] == sys.argv[2], o
assert list(add["Row"]) == keys and add["Row"]["Metric"] == 1024, add
assert gone["Row"] is None, gone
PY

# Without --count: until SIGINT.
"$NIOCTL" route watch >"$tmp/watch" 2>"$tmp/watch.err" &
watch_pid=$!
wait_for "$tmp/watch" ' MibInitialNotification -$'
kill -INT "$watch_pid"
wait "$watch_pid"
rc=$?
watch_pid=
checks=$((checks + 1))
[ "$rc" -eq 0 ] || fail "route watch after SIGINT: exit $rc, want 0"

finish
