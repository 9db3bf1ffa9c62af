#!/bin/sh
# test-nioctl-completion.sh NIOCTL COMPLETION - sources the bash completion
# (tools/nioctl.bash) in bash, in a throwaway network namespace with a veth
# pair (test-lib.sh), and checks COMPREPLY for commands, global options,
# interface names (the namespace's, as nioctl lists them), set's fields and
# words, and the words of route and addr.  Exit 0, 1, or 77 without bash or
# a namespace.

NIOCTL=${1:?usage: test-nioctl-completion.sh path/to/nioctl path/to/nioctl.bash}
COMPLETION=${2:?usage: test-nioctl-completion.sh path/to/nioctl path/to/nioctl.bash}
if ! command -v bash >/dev/null 2>&1; then
    echo "SKIP: bash is needed"
    exit 77
fi
. "$(dirname "$0")/test-lib.sh"

ip link set lo up || exit 1
ip link add ca0 type veth peer name cb0 || { echo "SKIP: no veth support"; exit 77; }
ip link add cz type veth peer name cy

# complete WANT WORD...: COMP_WORDS is NIOCTL and the words, the last one
# being completed; WANT is COMPREPLY sorted, joined by spaces.
complete_is() {
    want=$1
    shift
    checks=$((checks + 1))
    got=$(bash -c '
        . "$1" || exit 1
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _nioctl
        printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" " "
    ' complete "$COMPLETION" "$NIOCTL" "$@" 2>"$tmp/err")
    got=${got% }
    [ "$got" = "$want" ] || fail "completing '$*': got '$got', want '$want' $(cat "$tmp/err")"
}

# The script registers itself for the command.
checks=$((checks + 1))
bash -c '. "$1" && complete -p nioctl' x "$COMPLETION" | grep -q -- '-F _nioctl nioctl$' ||
    fail "the script does not register _nioctl for nioctl"

# Commands, and global options before them.
complete_is "addr get help link neigh route set show watch" ""
complete_is "set show" s
complete_is "get" -j g
complete_is "route" --family inet6 r
complete_is "inet inet6" -f ""
complete_is "--family" --fam
# Interface names: the namespace's, never the host's.
complete_is "ca0 cb0 cy cz lo" get ""
complete_is "ca0 cb0 cy cz" get c
complete_is "cb0" get cb
complete_is "ca0 cb0 cy cz" -j get -6 c
complete_is "ca0 cb0 cy cz" link c
complete_is "" get ca0 ""                # one interface only
complete_is "inet inet6" get ca0 --family ""
complete_is "--no-stats" link --no
# set: the interface, then fields and words; a value is the field's own.
complete_is "ca0 cb0 cy cz" set c
complete_is "metric mtu" set ca0 m
complete_is "NlMtu" set ca0 N
complete_is "dad_transmits" set ca0 -6 mtu 1400 d
complete_is "forwarding" set ca0 NlMtu=1400 f
complete_is "" set ca0 mtu ""
complete_is "--dry-run" set ca0 --dry
# route and addr: subcommands, their words, dev IFNAME.
complete_is "add del get list set show watch" route ""
complete_is "add del list set show" addr ""
complete_is "ca0 cb0 cy cz" route add 198.18.9.0/24 dev c
complete_is "ca0 cb0 cy cz" route get 198.18.9.1 --interface c
complete_is "metric" route add 198.18.9.0/24 dev ca0 me
complete_is "dev" addr list d
complete_is "nodad" addr add 198.18.9.1/24 dev ca0 no
complete_is "cz" addr show 198.18.9.1 dev cz
complete_is "del" neigh de
complete_is "stale" neigh add 198.18.9.9 lladdr 02:00:00:00:00:09 dev ca0 nud st
complete_is "flush" neigh fl
complete_is "--count" route watch --co
complete_is "get" help g

finish
