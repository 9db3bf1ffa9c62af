# bash completion for nioctl(1), netioapi-compat's command-line tool:
# commands, options, the words of route, addr and neigh, interface names and the
# field names of "set".  Installed as "nioctl" in bash-completion's
# completions directory.  It needs nothing from the bash-completion package.
#
# Interface names come from nioctl itself ("nioctl link"), so they are the
# ones nioctl accepts, of the network namespace it runs in (/sys can describe
# another one); "ip -o link" when nioctl cannot answer.  Field names come
# from "nioctl set --list-fields", so they never drift from the program.

# The interface names, one a line; $1 is the nioctl to ask.
_nioctl_ifnames()
{
    local index name rest
    if "$1" link --no-stats >/dev/null 2>&1; then
        # The ALIAS column, after the header; "-" and "?" are no names.
        "$1" link --no-stats 2>/dev/null | while read -r index name rest; do
            [[ $index == INDEX || $name == - || $name == '?' ]] || printf '%s\n' "$name"
        done
    else
        # "2: va@vb: <...": the name, without the peer.
        ip -o link show 2>/dev/null | while read -r index name rest; do
            name=${name%:}
            printf '%s\n' "${name%%@*}"
        done
    fi
}

# COMPREPLY from a list of words (blank-separated), filtered by the word
# being completed; one word a line out of compgen, so none is split again.
_nioctl_reply()
{
    mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# set: the interface first, then fields, each as Field=value or Field value.
# $1 the nioctl, $2 the command's index in COMP_WORDS, $3 the word completed.
_nioctl_set()
{
    local i w target='' pending=''
    for ((i = $2 + 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ -n $pending ]]; then
            pending=
        elif [[ $w == -f || $w == --family ]]; then
            ((i++))
        elif [[ $w == -* ]]; then
            :
        elif [[ -z $target ]]; then
            target=$w
        elif [[ $w != *=* ]]; then
            pending=1 # a field whose value is the next word
        fi
    done
    if [[ $3 == -* ]]; then
        _nioctl_reply "-4 -6 -f --family -n --dry-run -j --json --list-fields -h --help" "$3"
    elif [[ -z $target ]]; then
        _nioctl_reply "$(_nioctl_ifnames "$1")" "$3"
    elif [[ -n $pending ]]; then
        COMPREPLY=() # a value: a number, a boolean or a name, the field's own
    else
        _nioctl_reply "$("$1" set --list-fields 2>/dev/null)" "$3"
    fi
}

# get and link: one interface and options.
_nioctl_one_if()
{
    local i options="-j --json -h --help"
    [[ $3 == get ]] && options="-4 -6 -f --family $options"
    [[ $3 == link ]] && options="--no-stats $options"
    if [[ $4 == -* ]]; then
        _nioctl_reply "$options" "$4"
        return
    fi
    for ((i = $2 + 1; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -* || ${COMP_WORDS[i - 1]} == -f ||
            ${COMP_WORDS[i - 1]} == --family ]] || return # the interface is there
    done
    _nioctl_reply "$(_nioctl_ifnames "$1")" "$4"
}

# route, addr and neigh: the subcommand, then its words.  $3 is the command.
_nioctl_rows()
{
    local sub='' i words
    for ((i = $2 + 1; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -* ]] || { sub=${COMP_WORDS[i]}; break; }
    done
    if [[ -z $sub ]]; then
        case $3 in
        route) words="get list show add set del watch" ;;
        neigh) words="list show add set del flush resolve" ;;
        *) words="list show add set del" ;;
        esac
        _nioctl_reply "$words" "$5"
        return
    fi
    case $4 in
    dev | --interface | -i)
        _nioctl_reply "$(_nioctl_ifnames "$1")" "$5"
        return
        ;;
    -f | --family)
        _nioctl_reply "inet inet6" "$5"
        return
        ;;
    nud)
        _nioctl_reply "permanent reachable stale delay probe" "$5"
        return
        ;;
    esac
    case $3:$sub in
    route:get) words="--source --interface -j --json" ;;
    route:list) words="dev -4 -6 -f --family -j --json" ;;
    route:show | route:del | route:delete) words="via dev -4 -6 -j --json" ;;
    route:add | route:set) words="via dev metric lifetime proto -4 -6 -j --json" ;;
    route:watch) words="--count -4 -6 -f --family -j --json" ;;
    addr:list) words="dev -4 -6 -f --family -j --json" ;;
    addr:show | addr:del | addr:delete) words="dev -j --json" ;;
    addr:add) words="dev nodad valid preferred skip-as-source -j --json" ;;
    addr:set) words="dev valid preferred skip-as-source -j --json" ;;
    neigh:list | neigh:flush) words="dev -4 -6 -f --family -j --json" ;;
    neigh:show | neigh:del | neigh:delete) words="dev -j --json" ;;
    neigh:add) words="lladdr dev nud router -j --json" ;;
    neigh:set) words="lladdr dev nud router norouter -j --json" ;;
    neigh:resolve) words="dev from -j --json" ;;
    esac
    _nioctl_reply "$words" "$5"
}

_nioctl()
{
    local nioctl=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev='' cmd='' i
    local commands="show get set watch link route addr neigh help"
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    # The command: the first word that is no global option or its value.
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -f | --family) ((i++)) ;;
        -*) ;;
        *) cmd=${COMP_WORDS[i]} && break ;;
        esac
    done
    if [[ $prev == -f || $prev == --family ]]; then
        _nioctl_reply "inet inet6" "$cur"
        return
    fi
    case $cmd in
    '')
        if [[ $cur == -* ]]; then
            _nioctl_reply "-4 -6 -f --family -j --json -h --help -V --version" "$cur"
        else
            _nioctl_reply "$commands" "$cur"
        fi
        ;;
    get | link) _nioctl_one_if "$nioctl" "$i" "$cmd" "$cur" ;;
    set) _nioctl_set "$nioctl" "$i" "$cur" ;;
    route | addr | neigh) _nioctl_rows "$nioctl" "$i" "$cmd" "$prev" "$cur" ;;
    show | watch) _nioctl_reply "-4 -6 -f --family -j --json -h --help" "$cur" ;;
    help) ((COMP_CWORD == i + 1)) && _nioctl_reply "$commands" "$cur" ;;
    esac
}

complete -F _nioctl nioctl
