# SPDX-License-Identifier: MIT
# fish completion for stet: commands and options read from `stet --help`
# and `stet CMD --help` (so they follow the program), values of --format,
# --color and --label, and article URLs for log, show and diff from the
# archive's index (`stet list --format=json`). Installed as
# share/fish/vendor_completions.d/stet.fish.

function __stet_commands
    stet --help 2>/dev/null | string replace -rf '^  ([a-z]+)  +(.*)$' '$1\t$2'
end

function __stet_cmd
    set -l t (commandline -opc)
    test (count $t) -ge 2; and echo $t[2]
end

function __stet_options
    set -l cmd (__stet_cmd)
    test -n "$cmd"; or return
    stet $cmd --help 2>/dev/null | string match -ar -- '--[a-z][a-z-]*' | sort -u
end

function __stet_values -a opt
    stet (__stet_cmd) --help 2>/dev/null | string replace -rf -- ".*--$opt=([a-z|]+).*" '$1' | head -n 1 | string split '|'
end

function __stet_urls
    set -l t (commandline -opc)
    set -l repo
    for i in (seq (count $t))
        if test "$t[$i]" = --repo; and test $i -lt (count $t)
            set repo --repo $t[(math $i + 1)]
        end
    end
    stet list $repo --format=json 2>/dev/null | string replace -rf '^ *"url": "(.*)",?$' '$1'
end

function __stet_wants_url
    contains -- (__stet_cmd) log show diff; or return 1
    # Only the first argument that is not an option.
    set -l t (commandline -opc)
    for w in $t[3..-1]
        string match -q -- '-*' $w; or return 1
    end
    return 0
end

complete -c stet -f
complete -c stet -n __fish_use_subcommand -a '(__stet_commands)'
complete -c stet -n 'not __fish_use_subcommand; and string match -q -- "-*" (commandline -ct)' -a '(__stet_options)'
complete -c stet -n 'not __fish_use_subcommand' -l format -x -a '(__stet_values format)'
complete -c stet -n 'not __fish_use_subcommand' -l color -x -a '(__stet_values color)'
complete -c stet -n 'not __fish_use_subcommand' -l label -x -a 'headline byline dates lede appended added_text removed_text rewrite moved numbers quotes names correction update_note editor_note cosmetic flipflop gone restored withdrawn stealth'
complete -c stet -n 'not __fish_use_subcommand' -l repo -r -F
complete -c stet -n __stet_wants_url -a '(__stet_urls)'
complete -c stet -n 'contains -- (__stet_cmd) snapshot extract site feed diff' -F
