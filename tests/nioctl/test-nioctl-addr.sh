#!/bin/sh
# test-nioctl-addr.sh NIOCTL - "nioctl addr list|show|add|set|del" against a
# veth pair, a veth without IPv6 and a tun device in a throwaway network
# namespace: usage errors (exit 2), every change checked with `ip -j addr`
# (never through nioctl alone), --json parsed and its keys and types
# checked, the library's refusals with their Windows codes and messages
# (exit 1), and the addresses compared before and after the refusals.
# Addresses come from 198.18.0.0/15 and fd00::/8 only.  Exit 0 on success,
# 1 on a failure, 77 (skip) where no namespace can be made.

NIOCTL=${1:?usage: test-nioctl-addr.sh path/to/nioctl}
. "$(dirname "$0")/test-lib.sh"

# ipj EXPR ARGS...: `ip -j ARGS` parsed into r (a list), EXPR printed.
# a(r, dev): the addr_info entries of dev, for the expressions below.
ipj() {
    expr=$1
    shift
    ip -j "$@" >"$tmp/ip" 2>&1 || { fail "ip -j $*: $(cat "$tmp/ip")"; return; }
    python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
def a(dev, local=None):
    return [x for l in r if l["ifname"] == dev for x in l.get("addr_info", [])
            if local is None or x["local"] == local]
v = eval(sys.argv[2])
print(json.dumps(v) if not isinstance(v, str) else v)' "$tmp/ip" "$expr" 2>"$tmp/pyerr" ||
        fail "ip -j $* | $expr: $(tail -n 1 "$tmp/pyerr")"
}

# err_is WANT: the last stderr, exactly.
err_is() {
    expect_eq "stderr of the last command" "$(cat "$tmp/err")" "$1"
}

# ip_addrs: every address of the namespace, without what changes by
# itself (lifetimes counting down, detection ending), one per line.
ip_addrs() {
    ip -j addr show | python3 -c 'import json, sys
for l in json.load(sys.stdin):
    for x in l.get("addr_info", []):
        print(l["ifname"], x["family"], x["local"], x["prefixlen"], bool(x.get("deprecated")))' |
        sort
}

# The keys of an address row in --json, in order (docs/nioctl.md).
row_keys='["Address", "InterfaceLuid", "IfType", "NetLuidIndex", "InterfaceName", "Alias", "InterfaceIndex",
"PrefixOrigin", "SuffixOrigin", "ValidLifetime", "PreferredLifetime", "OnLinkPrefixLength",
"SkipAsSource", "DadState", "ScopeZone", "ScopeLevel", "CreationTimeStamp"]'
msg87w='invalid address or value: not a unicast address, ::1 off loopback, a preferred lifetime beyond the valid one'

# ------------------------------------------------------------- set-up
ip link set lo up || exit 1
ip link add aa type veth peer name ab || { echo "SKIP: no veth support"; exit 77; }
ip link set aa up
ip link set ab up
# A veth without IPv6: the family is not bound there (1168).
ip link add nv type veth peer name nw
echo 1 >/proc/sys/net/ipv6/conf/nv/disable_ipv6
ip link set nv up
ip link set nw up
has_tun=false
if [ -c /dev/net/tun ] && ip tuntap add dev at0 mode tun 2>/dev/null; then
    ip link set at0 up
    has_tun=true
else
    echo "note: no tun device; its checks are skipped"
fi
index_of() { ip -o link show "$1" | sed -n 's/^\([0-9]*\):.*/\1/p'; }
aa_index=$(index_of aa)
"$NIOCTL" get aa -4 --json >"$tmp/out" 2>"$tmp/err" || fail "get aa --json: $(cat "$tmp/err")"
aa_luid=$(json 'd["InterfaceLuid"]')   # "0x0006000003000000": a string in JSON

# ----------------------------------------------------- help and usage
run 0 addr --help
cp "$tmp/out" "$tmp/help"
for sub in list show add set del; do
    grep -q "nioctl addr $sub " "$tmp/help" || fail "addr --help lists no $sub"
    run 0 addr "$sub" --help
    grep -q "^usage: nioctl addr $sub" "$tmp/out" || fail "addr $sub --help: $(cat "$tmp/out")"
done
run 0 help addr
run 0 --help
grep -q '^  addr ' "$tmp/out" || fail "nioctl --help lists no addr"
run 2 addr                                           # which command?
run 2 addr frob
run 2 addr watch                                     # not yet: no notifications
run 2 addr add
grep -q '^usage: nioctl addr add ADDR' "$tmp/err" || fail "a usage error prints no usage line"
run 2 addr add 198.18.5.1/24                         # no dev
run 2 addr del 198.18.5.1                            # no dev
run 2 addr show dev aa                               # no address
run 2 addr add 198.18.5.1/24 198.18.5.2 dev aa         # one address
usage_is 'nioctl addr add: unexpected argument "198.18.5.2"'
run 2 addr add 198.18.5.1/24 dev aa --frob
usage_is 'nioctl addr add: unknown option "--frob"'
run 2 addr list -f
usage_is 'nioctl addr list: -f needs a value (inet or inet6)'
run 2 addr add foo dev aa
run 2 addr add 198.18.5/24 dev aa                    # no shorthand addresses
run 2 addr add 198.18.5.1/33 dev aa
run 2 addr add fd00:5::1/129 dev aa
run 2 addr add 198.18.5.1/ dev aa
run 2 addr add 198.18.5.1/2x dev aa
run 2 addr add /24 dev aa
run 2 addr add fe80::5%aa/64 dev aa                  # dev is the zone
run 2 addr show 198.18.5.1/24 dev aa                 # the address alone names it
run 2 addr del 198.18.5.1/24 dev aa
run 2 addr add 198.18.5.1 198.18.5.2 dev aa
run 2 addr add 198.18.5.1 dev aa dev ab
run 2 addr add 198.18.5.1 dev aa valid soon
run 2 addr add 198.18.5.1 dev aa valid -1
run 2 addr add 198.18.5.1 dev aa valid 4294967296
run 2 addr add 198.18.5.1 dev aa valid 1 valid 2
run 2 addr add 198.18.5.1 dev aa preferred
run 2 addr add 198.18.5.1 dev aa nodad nodad
run 2 addr add 198.18.5.1 dev aa skip-as-source on  # add's is a flag
run 2 addr add 198.18.5.1 dev aa --bogus
run 2 addr add -4 198.18.5.1 dev aa                  # -4/-6: list only
run 2 addr set 198.18.5.1 dev aa                     # nothing to set
run 2 addr set 198.18.5.1 dev aa skip-as-source      # set's needs on|off
run 2 addr set 198.18.5.1 dev aa skip-as-source maybe
run 2 addr set 198.18.5.1 dev aa nodad
run 2 addr del 198.18.5.1 dev aa valid 5
run 2 addr show 198.18.5.1 dev aa nodad
run 2 addr list 198.18.5.1
run 2 addr list dev
run 2 addr list --bogus

# ------------------------------------------------------------ IPv4 rows
run 0 addr add 198.18.1.2/24 dev aa
[ -s "$tmp/out" ] && fail "addr add printed: $(cat "$tmp/out")"
expect_eq "add v4: ip" \
    "$(ipj '[(x["prefixlen"], x.get("broadcast"), x["valid_life_time"], x["preferred_life_time"]) for x in a("aa", "198.18.1.2")]' addr show dev aa)" \
    '[[24, "198.18.1.255", 4294967295, 4294967295]]'
run 0 addr show 198.18.1.2 dev aa
expect_eq "show v4 Address" "$(field Address)" "198.18.1.2"
expect_eq "show v4 OnLinkPrefixLength" "$(field OnLinkPrefixLength)" "24"
expect_eq "show v4 Alias" "$(field Alias)" "aa"
expect_eq "show v4 InterfaceIndex" "$(field InterfaceIndex)" "$aa_index"
expect_eq "show v4 origins" "$(field PrefixOrigin) $(field SuffixOrigin)" "Manual (1) Manual (1)"
expect_eq "show v4 DadState" "$(field DadState)" "Preferred (4)"
expect_eq "show v4 SkipAsSource" "$(field SkipAsSource)" "FALSE"
expect_eq "show v4 lifetimes" "$(field ValidLifetime) $(field PreferredLifetime)" \
    "4294967295 4294967295"
run 0 addr show 198.18.1.2 dev "$aa_index" --json
expect_eq "show --json keys" "$(json "list(d) == $row_keys")" true
expect_eq "show --json InterfaceLuid" "$(json 'd["InterfaceLuid"]')" "$aa_luid"
expect_eq "show --json InterfaceName" "$(json 'd["InterfaceName"]')" "ethernet_$aa_index"
expect_eq "show --json types" \
    "$(json '[type(d[k]).__name__ for k in ("Address", "InterfaceLuid", "PrefixOrigin", "ValidLifetime", "SkipAsSource", "DadState", "ScopeZone", "CreationTimeStamp")]')" \
    '["str", "str", "int", "int", "bool", "int", "int", "int"]'
expect_eq "show --json values" \
    "$(json '[d["PrefixOrigin"], d["SuffixOrigin"], d["DadState"], d["ScopeZone"], d["ScopeLevel"], d["OnLinkPrefixLength"]]')" \
    '[1, 1, 4, 0, 0, 24]'
# CreationTimeStamp: Windows' system time (100 ns since 1601), now-ish.
expect_eq "show --json CreationTimeStamp" \
    "$(json 'abs(d["CreationTimeStamp"] / 1e7 - 11644473600 - __import__("time").time()) < 120')" true
run 0 addr show 198.18.1.2 dev ethernet_"$aa_index"
expect_eq "show by Windows-style name" "$(field Address)" "198.18.1.2"
run 0 addr show 198.18.1.2 dev "$aa_luid"
expect_eq "show by LUID" "$(field Alias)" "aa"

# Lifetimes: valid alone is both; set changes only what is given.
run 0 addr add 198.18.1.3 dev aa valid 600
expect_eq "add v4 host, valid 600: ip" \
    "$(ipj '[(x["prefixlen"], 590 <= x["valid_life_time"] <= 600, 590 <= x["preferred_life_time"] <= 600) for x in a("aa", "198.18.1.3")]' addr show dev aa)" \
    '[[32, true, true]]'
run 0 addr set 198.18.1.3 dev aa valid 1200 preferred 300
expect_eq "set valid 1200 preferred 300: ip" \
    "$(ipj '[(1190 <= x["valid_life_time"] <= 1200, 290 <= x["preferred_life_time"] <= 300) for x in a("aa", "198.18.1.3")]' addr show dev aa)" \
    '[[true, true]]'
run 0 addr set 198.18.1.3 dev aa preferred 100 --json
expect_eq "set preferred --json" \
    "$(json '[1180 <= d["ValidLifetime"] <= 1200, 90 <= d["PreferredLifetime"] <= 100, d["OnLinkPrefixLength"]]')" \
    '[true, true, 32]'
expect_eq "set preferred keeps valid: ip" \
    "$(ipj '[(1180 <= x["valid_life_time"] <= 1200, 90 <= x["preferred_life_time"] <= 100) for x in a("aa", "198.18.1.3")]' addr show dev aa)" \
    '[[true, true]]'
run 0 addr set 198.18.1.3 dev aa valid forever
expect_eq "set valid forever: ip" \
    "$(ipj '[(x["valid_life_time"], x["preferred_life_time"]) for x in a("aa", "198.18.1.3")]' addr show dev aa)" \
    '[[4294967295, 4294967295]]'

# A secondary of the same subnet stays when the primary goes (Windows
# deletes the one address; docs/address.md).
run 0 addr add 198.18.1.20/24 dev aa
expect_eq "secondary: ip" "$(ipj '[x.get("secondary", False) for x in a("aa", "198.18.1.20")]' addr show dev aa)" \
    '[true]'

# list: ip(8)-like lines, the dev filter, --json.
run 0 addr list -4
grep -qx '198\.18\.1\.2/24 dev aa dad Preferred origin Manual/Manual' "$tmp/out" ||
    fail "list -4: no line for 198.18.1.2: $(cat "$tmp/out")"
grep -qx '198\.18\.1\.3/32 dev aa dad Preferred origin Manual/Manual' "$tmp/out" ||
    fail "list -4: no line for 198.18.1.3"
grep -qx '127\.0\.0\.1/8 dev lo dad Preferred origin WellKnown/WellKnown' "$tmp/out" ||
    fail "list -4: no line for 127.0.0.1"
grep -q ':' "$tmp/out" && fail "list -4 has IPv6 rows"
run 0 addr list -4 dev aa --json
expect_eq "list --json keys" "$(json "all(list(x) == $row_keys for x in d)")" true
expect_eq "list dev aa: one interface" "$(json 'sorted(set(x["Alias"] for x in d))')" '["aa"]'
# Every IPv4 address ip lists on aa is a row, with its prefix length.
ip -j -4 addr show dev aa >"$tmp/ip"
checks=$((checks + 1))
python3 - "$tmp/ip" "$tmp/out" <<'PY' || fail "list -4 dev aa --json differs from ip"
import json, sys
ip = sorted((x["local"], x["prefixlen"]) for l in json.load(open(sys.argv[1]))
            for x in l["addr_info"])
rows = sorted((x["Address"], x["OnLinkPrefixLength"]) for x in json.load(open(sys.argv[2])))
assert ip == rows and len(rows) == 3, (ip, rows)
PY
run 0 addr list dev "$aa_luid" --json
expect_eq "list dev by LUID" "$(json 'sorted(set(x["InterfaceLuid"] for x in d))')" "[\"$aa_luid\"]"
run 0 addr list -6 --json
expect_eq "list -6: IPv6 only" "$(json 'all(":" in x["Address"] for x in d) and len(d) > 0')" true
run 1 addr list dev nosuch
err_is 'nioctl: addr list: Cannot find device "nosuch"'
run 1 addr list dev 99999
err_is 'nioctl: addr list: Cannot find device "99999"'

# ------------------------------------------------------------ IPv6 rows
# Detection runs on the veth (dad_transmits 1): tentative at first, for
# one retransmit time, made 30 s here: under load (CI runs suites side by
# side) the two processes below took longer than the default 1 s.
echo 30000 >/proc/sys/net/ipv6/neigh/aa/retrans_time_ms
run 0 addr add fd00:1::2/64 dev aa
run 0 addr show fd00:1::2 dev aa --json
dad_now=$(json 'd["DadState"]')
expect_eq "add v6 with detection: ip tentative" \
    "$(ipj '[(x["prefixlen"], x.get("tentative", False)) for x in a("aa", "fd00:1::2")]' addr show dev aa)" \
    '[[64, true]]'
expect_eq "add v6 with detection: DadState Tentative" "$dad_now" 1
run 0 addr add fd00:1::3/64 dev aa nodad valid 300 preferred 200
expect_eq "add v6 nodad valid 300 preferred 200: ip" \
    "$(ipj '[(x["prefixlen"], x.get("nodad", False), x.get("tentative", False), 290 <= x["valid_life_time"] <= 300, 190 <= x["preferred_life_time"] <= 200) for x in a("aa", "fd00:1::3")]' addr show dev aa)" \
    '[[64, true, false, true, true]]'
run 0 addr show fd00:1::3 dev aa --json
expect_eq "show v6 --json" \
    "$(json '[d["Address"], d["DadState"], d["SkipAsSource"], 290 <= d["ValidLifetime"] <= 300, 190 <= d["PreferredLifetime"] <= 200, d["ScopeLevel"]]')" \
    '["fd00:1::3", 4, false, true, true, 0]'
# SkipAsSource on IPv6 is deprecation on Linux; off makes it preferred
# again for as long as it is valid.
run 0 addr set fd00:1::3 dev aa skip-as-source on --json
expect_eq "set skip-as-source on --json" "$(json '[d["SkipAsSource"], d["DadState"], d["PreferredLifetime"]]')" \
    '[true, 3, 0]'
expect_eq "set skip-as-source on: ip" \
    "$(ipj '[(x.get("deprecated", False), x["preferred_life_time"], 280 <= x["valid_life_time"] <= 300) for x in a("aa", "fd00:1::3")]' addr show dev aa)" \
    '[[true, 0, true]]'
run 0 addr set fd00:1::3 dev aa skip-as-source off
expect_eq "set skip-as-source off: ip" \
    "$(ipj '[(x.get("deprecated", False), 280 <= x["preferred_life_time"] <= 300) for x in a("aa", "fd00:1::3")]' addr show dev aa)" \
    '[[false, true]]'
run 0 addr add fd00:1::4 dev aa nodad skip-as-source
expect_eq "add v6 host skip-as-source: ip" \
    "$(ipj '[(x["prefixlen"], x.get("deprecated", False)) for x in a("aa", "fd00:1::4")]' addr show dev aa)" \
    '[[128, true]]'
run 0 addr list -6 dev aa
grep -qx 'fd00:1::4/128 dev aa preferred 0 skip-as-source dad Deprecated origin Manual/Manual' "$tmp/out" ||
    fail "list -6: no line for fd00:1::4: $(cat "$tmp/out")"
grep -q '^fd00:1::3/64 dev aa valid [0-9]* preferred [0-9]* dad Preferred ' "$tmp/out" ||
    fail "list -6: no line for fd00:1::3: $(cat "$tmp/out")"
grep -q '^fe80::[0-9a-f:]*/64 dev aa ' "$tmp/out" || fail "list -6: no link-local line (no zone)"
grep -q '198\.18\.' "$tmp/out" && fail "list -6 has IPv4 rows"
# The link-local address: the interface is its zone.
run 0 addr list -6 dev aa --json
expect_eq "link-local --json" \
    "$(json '[(x["Address"].endswith("%aa"), x["ScopeZone"], x["ScopeLevel"], x["PrefixOrigin"]) for x in d if x["Address"].startswith("fe80:")]')" \
    "[[true, $aa_index, 2, 2]]"
ip -j -6 addr show dev aa >"$tmp/ip"
checks=$((checks + 1))
python3 - "$tmp/ip" "$tmp/out" <<'PY' || fail "list -6 dev aa --json differs from ip"
import json, sys
ip = sorted((x["local"], x["prefixlen"], bool(x.get("deprecated"))) for l in json.load(open(sys.argv[1]))
            for x in l["addr_info"])
rows = sorted((x["Address"].split("%")[0], x["OnLinkPrefixLength"], x["SkipAsSource"])
              for x in json.load(open(sys.argv[2])))
assert ip == rows and len(rows) == 4, (ip, rows)
PY

# The tun device: no neighbour discovery, so no detection.
if $has_tun; then
    run 0 addr add fd00:3::1/64 dev at0
    run 0 addr show fd00:3::1 dev at0 --json
    expect_eq "tun v6: DadState Preferred" "$(json 'd["DadState"]')" 4
    tun_json=$(json '[d["Alias"], d["InterfaceName"]]')
    "$NIOCTL" get at0 -4 --json >"$tmp/out" 2>"$tmp/err" || fail "get at0: $(cat "$tmp/err")"
    expect_eq "tun: names" "$tun_json" "$(json '[d["InterfaceAlias"], d["InterfaceLuidName"]]')"
    expect_eq "tun v6: ip" \
        "$(ipj '[(x["prefixlen"], x.get("tentative", False)) for x in a("at0", "fd00:3::1")]' addr show dev at0)" \
        '[[64, false]]'
    run 0 addr add 198.18.3.1/24 dev at0
    expect_eq "tun v4: ip" "$(ipj '[x["prefixlen"] for x in a("at0", "198.18.3.1")]' addr show dev at0)" '[24]'
    run 0 addr del fd00:3::1 dev at0
    run 0 addr del 198.18.3.1 dev at0
    expect_eq "tun del: ip" "$(ipj '[x["local"] for x in a("at0") if not x["local"].startswith("fe80:")]' addr show dev at0)" '[]'
fi

# ---------------------------------------------------------- refusals
ip_addrs >"$tmp/before"
run 1 addr add 198.18.1.2/24 dev aa
err_is "nioctl: addr add: ERROR_OBJECT_ALREADY_EXISTS (5010): the interface has the address"
run 1 addr add 198.18.1.2/16 dev aa              # whatever the prefix length
err_is "nioctl: addr add: ERROR_OBJECT_ALREADY_EXISTS (5010): the interface has the address"
run 1 addr add fd00:1::3/64 dev aa nodad
err_is "nioctl: addr add: ERROR_OBJECT_ALREADY_EXISTS (5010): the interface has the address"
run 1 addr show 198.18.99.1 dev aa
err_is "nioctl: addr show: ERROR_NOT_FOUND (1168): no such address on the interface (or no such interface)"
run 1 addr show 198.18.1.2 dev ab                # another interface's
err_is "nioctl: addr show: ERROR_NOT_FOUND (1168): no such address on the interface (or no such interface)"
run 1 addr set fd00:99::1 dev aa valid 100
err_is "nioctl: addr set: ERROR_NOT_FOUND (1168): no such address on the interface (or no such interface)"
run 1 addr del fd00:99::1 dev aa
err_is "nioctl: addr del: ERROR_NOT_FOUND (1168): no such address on the interface (or no such interface)"
run 1 addr add 198.18.8.1/24 dev 99999
err_is 'nioctl: addr add: Cannot find device "99999"'
run 1 addr add fd00:8::1/64 dev nv               # IPv6 disabled there
err_is "nioctl: addr add: ERROR_NOT_FOUND (1168): no such interface, or the family is not on it"
run 1 addr add 198.18.8.1/24 dev nosuch
err_is 'nioctl: addr add: Cannot find device "nosuch"'
run 1 addr del 198.18.1.2 dev nosuch
err_is 'nioctl: addr del: Cannot find device "nosuch"'
for bad in 224.0.0.9 255.255.255.255 ff05::9 ::1; do
    run 1 addr add "$bad" dev aa
    err_is "nioctl: addr add: ERROR_INVALID_PARAMETER (87): $msg87w"
done
run 1 addr add 198.18.8.1 dev aa valid 100 preferred 200
err_is "nioctl: addr add: ERROR_INVALID_PARAMETER (87): $msg87w"
run 1 addr set fd00:1::3 dev aa preferred forever   # beyond the valid 300
err_is "nioctl: addr set: ERROR_INVALID_PARAMETER (87): $msg87w"
run 1 addr show 0.0.0.0 dev aa
err_is "nioctl: addr show: ERROR_INVALID_PARAMETER (87): invalid address key: not a unicast address"
run 1 addr del ff02::1 dev aa
err_is "nioctl: addr del: ERROR_INVALID_PARAMETER (87): invalid address key: not a unicast address"
run 1 addr add 198.18.8.1 dev aa skip-as-source  # IPv4 has no such switch
err_is "nioctl: addr add: ERROR_NOT_SUPPORTED (50): this OS cannot do that (docs/address.md)"
run 1 addr set 198.18.1.2 dev aa skip-as-source on
err_is "nioctl: addr set: ERROR_NOT_SUPPORTED (50): this OS cannot do that (docs/address.md)"
if command -v setpriv >/dev/null 2>&1; then
    # unpriv WANT_RC ARGS...: nioctl without CAP_NET_ADMIN.
    unpriv() {
        want=$1
        shift
        checks=$((checks + 1))
        setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
            "$NIOCTL" "$@" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        [ "$rc" -eq "$want" ] || fail "nioctl $* without CAP_NET_ADMIN: exit $rc, want $want"
    }
    priv='permission denied (changing addresses needs privilege)'
    unpriv 1 addr add 198.18.8.1/24 dev aa
    err_is "nioctl: addr add: ERROR_ACCESS_DENIED (5): $priv"
    unpriv 1 addr set fd00:1::3 dev aa valid 100
    err_is "nioctl: addr set: ERROR_ACCESS_DENIED (5): $priv"
    unpriv 1 addr del 198.18.1.2 dev aa
    err_is "nioctl: addr del: ERROR_ACCESS_DENIED (5): $priv"
    unpriv 0 addr show 198.18.1.2 dev aa          # reading needs none
    expect_eq "show without CAP_NET_ADMIN" "$(field OnLinkPrefixLength)" 24
else
    echo "note: no setpriv; the privilege checks are skipped"
fi
ip_addrs >"$tmp/after"
checks=$((checks + 1))
cmp -s "$tmp/before" "$tmp/after" || {
    fail "a refused call changed the addresses:"
    diff "$tmp/before" "$tmp/after" >&2
}

# ---------------------------------------------------------------- del
run 0 addr del 198.18.1.2 dev aa --json
expect_eq "del --json: the row that went" "$(json '[d["Address"], d["OnLinkPrefixLength"]]')" \
    '["198.18.1.2", 24]'
expect_eq "del v4: ip" \
    "$(ipj '[x["local"] for x in a("aa") if x["family"] == "inet"]' addr show dev aa)" \
    '["198.18.1.3", "198.18.1.20"]'
run 1 addr del 198.18.1.2 dev aa
err_is "nioctl: addr del: ERROR_NOT_FOUND (1168): no such address on the interface (or no such interface)"
run 0 addr del 198.18.1.3 dev aa
run 0 addr delete 198.18.1.20 dev "$aa_index"
for x in fd00:1::2 fd00:1::3 fd00:1::4; do
    run 0 addr del "$x" dev aa
done
expect_eq "del all: ip" \
    "$(ipj '[x["local"] for x in a("aa") if not x["local"].startswith("fe80:")]' addr show dev aa)" '[]'

finish
