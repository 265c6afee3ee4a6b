# SPDX-License-Identifier: MIT
# push and pull over ssh, against OpenSSH's sshd started here on 127.0.0.1
# with throwaway keys: a key file (STET_GIT_SSH_KEY), ssh-agent, no
# credential at all, an unknown host key, and a diverged push, each with
# its own clear outcome.
set -e
. "$(dirname "$0")/lib.inc"
SSHD=/usr/sbin/sshd
for t in "$SSHD" ssh-keygen ssh-agent ssh-add; do
	command -v "$t" >/dev/null 2>&1 || { echo "$t is not installed (.ci/packages-test lists openssh-server and openssh-client)" >&2; exit 1; }
done
if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd; fi
K="$TMP/keys"
mkdir -p "$K" "$TMP/home/.ssh"
ssh-keygen -q -t ed25519 -N '' -f "$K/host"
ssh-keygen -q -t ed25519 -N '' -f "$K/user"
ssh-keygen -q -t ed25519 -N '' -f "$K/stranger"
cp "$K/user.pub" "$K/authorized_keys"
chmod 600 "$K/authorized_keys"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$K/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $K/host
AuthorizedKeysFile $K/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PidFile $K/sshd.pid
CONF
"$SSHD" -f "$K/sshd_config" -E "$K/sshd.log" || { echo "sshd did not start: $(cat "$K/sshd.log")" >&2; exit 1; }
trap 'kill $(cat "$K/sshd.pid" 2>/dev/null) 2>/dev/null; [ -n "${SSH_AGENT_PID:-}" ] && kill "$SSH_AGENT_PID"; rm -rf "$TMP"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$K/sshd.pid" ] && break; sleep 0.2; done
export HOME="$TMP/home"
# libgit2 1.5.1's ssh transport never frees its known_hosts list (about
# 300 bytes a connection; libgit2 issue 6598, fixed in 1.7 by PR 6599).
# Not stet's, and not avoidable on this path: in a sanitizer build, leak
# checking is off for the commands that talk ssh, on for the rest.
nolsan="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
unset SSH_AUTH_SOCK STET_GIT_SSH_KEY STET_GIT_USERNAME STET_GIT_PASSWORD
git init -q --bare -b main "$TMP/r.git"
R="ssh://$(id -un)@127.0.0.1:$port$TMP/r.git"
A="$TMP/a"
run "$STET" snapshot --repo "$A" "$SRC/samples/ledger-ferry/v1.html"; expect_rc 0 "snapshot"

# An unknown host key is refused, with the way to trust it.
run env "$nolsan" STET_GIT_SSH_KEY="$K/user" "$STET" push --repo "$A" "$R"
expect_rc 1 "unknown host key"; expect_err "known_hosts" "unknown host key"
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$K/host.pub")" >"$HOME/.ssh/known_hosts"

# No credential, then a key the server does not know: clear errors.
run env "$nolsan" "$STET" push --repo "$A" "$R"; expect_rc 1 "no ssh credential"
expect_err "set STET_GIT_SSH_KEY .* or start ssh-agent" "no ssh credential"
run env "$nolsan" STET_GIT_SSH_KEY="$K/stranger" "$STET" push --repo "$A" "$R"
expect_rc 1 "a refused key"; expect_err "push failed" "a refused key"
git --git-dir="$TMP/r.git" rev-parse -q --verify main >/dev/null && fail "a refused push wrote"

# A key file, then ssh-agent.
run env "$nolsan" STET_GIT_SSH_KEY="$K/user" "$STET" push --repo "$A" "$R"; expect_rc 0 "push with a key file"
[ "$(git --git-dir="$TMP/r.git" rev-parse main)" = "$(git --git-dir="$A" rev-parse main)" ] || fail "pushed main differs"
eval "$(ssh-agent -s)" >/dev/null
ssh-add -q "$K/user" 2>/dev/null
run env "$nolsan" "$STET" pull --repo "$TMP/b" "$R"; expect_rc 0 "pull with ssh-agent"
run "$STET" verify --repo "$TMP/b"; expect_rc 0 "verify the ssh replica"

# Diverged: the replica records its own version, A pushes on; B's push is
# refused with the hint to pull.
run "$STET" snapshot --repo "$TMP/b" "$SRC/samples/northline-storm/v1.html"; expect_rc 0 "snapshot on B"
run "$STET" snapshot --repo "$A" "$SRC/samples/ledger-ferry/v2.html"; expect_rc 0 "snapshot on A"
run env "$nolsan" STET_GIT_SSH_KEY="$K/user" "$STET" push --repo "$A" "$R"; expect_rc 0 "push A again"
run env "$nolsan" "$STET" push --repo "$TMP/b" "$R"; expect_rc 1 "diverged push"; expect_err "pull first" "diverged push"
grep -q "Accepted publickey" "$K/sshd.log" || fail "sshd never accepted a key"
finish
