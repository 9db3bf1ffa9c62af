#!/bin/sh
# test-nioctl-neigh.sh NIOCTL - "nioctl neigh list|show|add|set|del|flush|
# resolve" against a veth pair between this throwaway network namespace
# and a second one it makes (ip netns, under the tmpfs /run test-lib.sh
# mounts): usage errors (exit 2), every change checked with `ip -j neigh`
# (never through nioctl alone), --json parsed and its keys and types
# checked, the library's refusals with their Windows codes (exit 1), and
# resolve checked against the peer's real link-layer address.  Addresses
# come from 198.18.0.0/15 and fd00::/8 only.  Exit 0 on success, 1 on a
# failure, 77 (skip) where no namespace can be made.

NIOCTL=${1:?usage: test-nioctl-neigh.sh path/to/nioctl}
. "$(dirname "$0")/test-lib.sh"

# ipn EXPR ARGS...: `ip -j neigh show nud all ARGS` parsed into r (a list),
# EXPR printed.  n(dst): the entries of dst, for the expressions below.
ipn() {
    expr=$1
    shift
    ip -j neigh show nud all "$@" >"$tmp/ip" 2>&1 || { fail "ip -j neigh $*: $(cat "$tmp/ip")"; return; }
    python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
def n(dst):
    return [x for x in r if x["dst"] == dst]
v = eval(sys.argv[2])
print(json.dumps(v) if not isinstance(v, str) else v)' "$tmp/ip" "$expr" 2>"$tmp/pyerr" ||
        fail "ip -j neigh $* | $expr: $(tail -n 1 "$tmp/pyerr")"
}

# err_has TEXT: the last stderr contains TEXT.
err_has() {
    checks=$((checks + 1))
    grep -qF -- "$1" "$tmp/err" || fail "stderr lacks '$1': $(cat "$tmp/err")"
}

row_keys='["Address", "InterfaceIndex", "InterfaceLuid", "IfType", "NetLuidIndex", "InterfaceName",
"Alias", "PhysicalAddress", "PhysicalAddressLength", "State", "IsRouter", "IsUnreachable",
"ReachabilityTime"]'

# ------------------------------------------------------------- set-up
ip link set lo up || exit 1
if ! ip netns add nioctl-peer 2>/dev/null; then
    echo "SKIP: cannot make a second network namespace (ip netns add)"
    exit 77
fi
trap 'ip netns del nioctl-peer 2>/dev/null; rm -rf "$tmp"' EXIT
ip link add aa type veth peer name ab || { echo "SKIP: no veth support"; exit 77; }
ip link set ab netns nioctl-peer
peer() { ip netns exec nioctl-peer "$@"; }
ip link set aa up
peer ip link set lo up
peer ip link set ab up
# No duplicate address detection: the IPv6 addresses answer at once.
ip addr add 198.18.0.1/24 dev aa
ip addr add fd00:18::1/64 dev aa nodad
peer ip addr add 198.18.0.2/24 dev ab
peer ip addr add fd00:18::2/64 dev ab nodad
ab_mac=$(peer cat /sys/class/net/ab/address)
aa_index=$(ip -o link show aa | sed -n 's/^\([0-9]*\):.*/\1/p')
# A second interface with no neighbour of its own, for the dev filters.
ip link add nv type veth peer name nw
ip link set nv up
ip link set nw up

# ----------------------------------------------------- help and usage
run 0 neigh --help
cp "$tmp/out" "$tmp/help"
for sub in list show add set del flush resolve; do
    grep -q "nioctl neigh $sub " "$tmp/help" || fail "neigh --help lists no $sub"
    run 0 neigh "$sub" --help
    grep -q "^usage: nioctl neigh $sub" "$tmp/out" || fail "neigh $sub --help: $(cat "$tmp/out")"
done
run 0 --help
grep -q '^  neigh ' "$tmp/out" || fail "nioctl --help lists no neigh"
run 2 neigh
run 2 neigh frob
run 2 neigh add 198.18.0.9 dev aa                          # no lladdr
grep -q '^usage: nioctl neigh add ADDR' "$tmp/err" || fail "a usage error prints no usage line"
run 2 neigh add 198.18.0.9 lladdr 02:00:00:00:00:09        # no dev
run 2 neigh add 198.18.0.9 lladdr 02:00:00:00:00:zz dev aa
run 2 neigh add 198.18.0.9 lladdr 02:00: dev aa
run 2 neigh add 198.18.0.9 lladdr "$(printf '00:%.0s' $(seq 1 32))00" dev aa  # 33 bytes
run 2 neigh add 198.18.0.9 lladdr 02:00:00:00:00:09 dev aa nud noarp
run 2 neigh add 198.18.0.9 lladdr 02:00:00:00:00:09 dev aa nud permanent nud stale
run 2 neigh add 198.18.0.9 lladdr 02:00:00:00:00:09 dev aa norouter   # set's word
run 2 neigh add 198.18.0 lladdr 02:00:00:00:00:09 dev aa
run 2 neigh add -4 198.18.0.9 lladdr 02:00:00:00:00:09 dev aa        # list/flush only
run 2 neigh set 198.18.0.9 dev aa                          # nothing to set
run 2 neigh set 198.18.0.9 dev aa router norouter
run 2 neigh show dev aa                                    # no address
run 2 neigh del 198.18.0.9 dev aa lladdr 02:00:00:00:00:09
run 2 neigh resolve 198.18.0.2 dev aa from nowhere
run 2 neigh list 198.18.0.2
run 2 neigh flush dev
run 2 neigh add 198.18.0.9 198.18.0.10 lladdr 02:00:00:00:00:09 dev aa
usage_is 'nioctl neigh add: unexpected argument "198.18.0.10"'
run 2 neigh show 198.18.0.9 dev aa --frob
usage_is 'nioctl neigh show: unknown option "--frob"'
run 2 neigh list -f
usage_is 'nioctl neigh list: -f needs a value (inet or inet6)'
run 1 neigh show 198.18.0.9 dev nosuchdev
err_has 'Cannot find device "nosuchdev"'

# ------------------------------------------------------------- add, show
run 0 neigh add 198.18.0.9 lladdr 02:00:5e:00:53:09 dev aa
[ -s "$tmp/out" ] && fail "neigh add printed: $(cat "$tmp/out")"
expect_eq "add v4: ip" "$(ipn '[(x["dev"], x["lladdr"], x["state"]) for x in n("198.18.0.9")]')" \
    '[["aa", "02:00:5e:00:53:09", ["PERMANENT"]]]'
run 1 neigh add 198.18.0.9 lladdr 02:00:5e:00:53:09 dev aa
err_has 'ERROR_OBJECT_ALREADY_EXISTS (5010)'
run 0 neigh show 198.18.0.9 dev aa
expect_eq "show Address" "$(field Address)" "198.18.0.9"
expect_eq "show Alias" "$(field Alias)" "aa"
expect_eq "show InterfaceIndex" "$(field InterfaceIndex)" "$aa_index"
expect_eq "show PhysicalAddress" "$(field PhysicalAddress) $(field PhysicalAddressLength)" \
    "02:00:5e:00:53:09 6"
expect_eq "show State" "$(field State)" "Permanent (6)"
expect_eq "show IsRouter" "$(field IsRouter)" "FALSE"
run 0 neigh show 198.18.0.9 dev "$aa_index" --json
expect_eq "show --json keys" "$(json "list(d) == $row_keys")" true
expect_eq "show --json types" \
    "$(json '[type(d[k]).__name__ for k in ("Address", "InterfaceLuid", "PhysicalAddress", "State", "IsRouter", "ReachabilityTime")]')" \
    '["str", "str", "str", "int", "bool", "int"]'
expect_eq "show --json values" "$(json '[d["State"], d["PhysicalAddressLength"], d["IsUnreachable"]]')" \
    '[6, 6, false]'
run 1 neigh show 198.18.0.10 dev aa
err_has 'ERROR_NOT_FOUND (1168)'
run 1 neigh add 127.0.0.9 lladdr 02:00:5e:00:53:09 dev aa
err_has 'ERROR_INVALID_PARAMETER (87)'

# IPv6, a dynamic state and the router flag.
run 0 neigh add fd00:18::9 lladdr 02:00:5e:00:53:0a dev aa nud stale router --json
expect_eq "add v6 --json" "$(json '[d["Address"], d["State"], d["IsRouter"], d["PhysicalAddress"]]')" \
    '["fd00:18::9", 4, true, "02:00:5e:00:53:0a"]'
expect_eq "add v6: ip" \
    "$(ipn '[(x["lladdr"], x["state"], "router" in x) for x in n("fd00:18::9")]' dev aa)" \
    '[["02:00:5e:00:53:0a", ["STALE"], true]]'

# ------------------------------------------------------------ set
run 0 neigh set 198.18.0.9 dev aa lladdr 02:00:5e:00:53:0b
expect_eq "set lladdr: ip" "$(ipn '[(x["lladdr"], x["state"]) for x in n("198.18.0.9")]')" \
    '[["02:00:5e:00:53:0b", ["PERMANENT"]]]'
run 0 neigh set fd00:18::9 dev aa norouter --json
expect_eq "set norouter --json" "$(json '[d["IsRouter"], d["PhysicalAddress"]]')" \
    '[false, "02:00:5e:00:53:0a"]'
expect_eq "set norouter: ip" "$(ipn '[("router" in x) for x in n("fd00:18::9")]')" '[false]'
run 1 neigh set 198.18.0.10 dev aa lladdr 02:00:5e:00:53:0b
err_has 'ERROR_NOT_FOUND (1168)'

# ------------------------------------------------------------ list
run 0 neigh list
grep -qx '198\.18\.0\.9 dev aa lladdr 02:00:5e:00:53:0b PERMANENT' "$tmp/out" ||
    fail "list: no line for 198.18.0.9: $(cat "$tmp/out")"
grep -qx 'fd00:18::9 dev aa lladdr 02:00:5e:00:53:0a STALE' "$tmp/out" ||
    fail "list: no line for fd00:18::9: $(cat "$tmp/out")"
run 0 neigh list -4
grep -q 'fd00:' "$tmp/out" && fail "list -4 has IPv6 rows"
run 0 neigh list -6 dev aa --json
expect_eq "list -6 --json keys" "$(json "all(list(x) == $row_keys for x in d)")" true
expect_eq "list -6 --json: IPv6 of aa" "$(json 'all(":" in x["Address"] and x["Alias"] == "aa" for x in d)')" true
run 0 neigh list dev nv --json
expect_eq "list dev nv: none of aa's" "$(json '[x for x in d if x["Alias"] != "nv"]')" '[]'
# Every entry ip lists on aa is a row with its lladdr and state.
ip -j neigh show nud all dev aa >"$tmp/ip"
run 0 neigh list dev aa --json
checks=$((checks + 1))
python3 - "$tmp/ip" "$tmp/out" <<'PY' || fail "list dev aa --json differs from ip"
import json, sys
states = {"FAILED": 0, "INCOMPLETE": 1, "PROBE": 2, "DELAY": 3, "STALE": 4, "REACHABLE": 5,
          "PERMANENT": 6, "NOARP": 6}
ip = {x["dst"]: (x.get("lladdr", ""), states[x["state"][0]]) for x in json.load(open(sys.argv[1]))}
ours = {x["Address"].split("%")[0]: (x["PhysicalAddress"], x["State"]) for x in json.load(open(sys.argv[2]))}
for dst, v in ip.items():
    if ours.get(dst) != v:
        sys.exit("%s: ip %r, nioctl %r" % (dst, v, ours.get(dst)))
PY

# ------------------------------------------------------------ resolve
run 0 neigh resolve 198.18.0.2 dev aa --json
expect_eq "resolve v4 --json" "$(json '[d["PhysicalAddress"], d["State"] in (4, 5), d["IsUnreachable"]]')" \
    "[\"$ab_mac\", true, false]"
expect_eq "resolve v4: ip" "$(ipn '[(x["lladdr"], x["state"][0] in ("REACHABLE", "STALE", "DELAY")) for x in n("198.18.0.2")]' dev aa)" \
    "[[\"$ab_mac\", true]]"
run 0 neigh resolve fd00:18::2 dev aa from fd00:18::1
grep -qx "fd00:18::2 dev aa lladdr $ab_mac \(REACHABLE\|STALE\|DELAY\)" "$tmp/out" ||
    fail "resolve v6: $(cat "$tmp/out")"
run 1 neigh resolve 198.18.0.77 dev aa
err_has 'ERROR_BAD_NET_NAME (67)'
run 1 neigh resolve 198.18.0.2 dev aa from fd00:18::1
err_has 'ERROR_INVALID_PARAMETER (87)'
run 1 neigh resolve 198.18.0.2 dev aa from 198.18.5.5           # not aa's
err_has 'ERROR_INVALID_PARAMETER (87)'

# ------------------------------------------------------------ flush
# The resolved entries and the failed one go; the permanent one stays.
run 0 neigh flush -4 dev aa --json
expect_eq "flush -4 --json: the rows removed" \
    "$(json 'sorted(x["Address"] for x in d)')" '["198.18.0.2", "198.18.0.77"]'
expect_eq "flush -4: ip, the permanent stays" \
    "$(ipn '[x["dst"] for x in r if ":" not in x["dst"] and x["state"] != ["FAILED"] and x["state"] != ["NONE"]]' dev aa)" \
    '["198.18.0.9"]'
expect_eq "flush -4: ip, IPv6 untouched" "$(ipn 'len(n("fd00:18::2")) + len(n("fd00:18::9"))' dev aa)" '2'
run 0 neigh flush dev aa
expect_eq "flush: ip, the stale IPv6 entry is gone" \
    "$(ipn '[x["state"] for x in n("fd00:18::9") + n("fd00:18::2")]' dev aa)" '[]'
run 1 neigh flush dev 0x7fff000000000000
err_has 'Cannot find device'

# ------------------------------------------------------------ del
run 0 neigh del 198.18.0.9 dev aa --json
expect_eq "del --json: the row as it was" "$(json '[d["Address"], d["State"]]')" '["198.18.0.9", 6]'
expect_eq "del: ip" "$(ipn 'n("198.18.0.9")' dev aa)" '[]'
run 1 neigh del 198.18.0.9 dev aa
err_has 'ERROR_NOT_FOUND (1168)'

finish
