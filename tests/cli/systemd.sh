# SPDX-License-Identifier: MIT
# The systemd units in cmd/dist/systemd pass `systemd-analyze verify`
# (syntax, known directives, the timer's service, the ExecStart binary),
# the service is sandboxed as docs/user-guide.md promises, and the timer
# names the service. The unit is configured here as CMake does, its binary
# the stet under test. Skipped (77) where systemd is not installed.
set -e
. "$(dirname "$0")/lib.inc"
command -v systemd-analyze >/dev/null ||
	{ echo "skipped: systemd-analyze not installed (apt-get install systemd)"; exit 77; }
D="$SRC/cmd/dist/systemd"
mkdir -p "$TMP/units"
sed -e "s|@STET_BIN@|$STET|g" -e "s|@STET_ARCHIVE_DIR@|/var/lib/stet/archive|g" \
	"$D/stet-watch.service.in" >"$TMP/units/stet-watch.service"
cp "$D/stet-watch.timer" "$TMP/units/"
grep -q "@[A-Z_]*@" "$TMP/units/stet-watch.service" && fail "unconfigured @VAR@ left in the service"
for k in DynamicUser=yes ProtectSystem=strict ReadWritePaths=/var/lib/stet \
	NoNewPrivileges=yes StateDirectory=stet "RestrictAddressFamilies=AF_INET AF_INET6"; do
	grep -q "^$k" "$TMP/units/stet-watch.service" || fail "service lacks $k"
done
grep -q "^PrivateNetwork=yes" "$TMP/units/stet-watch.service" && fail "the service must reach the network"
case $(sed -n 's/^Environment=STET_REPO=//p' "$TMP/units/stet-watch.service") in
/var/lib/stet/*) ;;
*) fail "the archive is not under the writable /var/lib/stet" ;;
esac
run systemd-analyze verify --man=no "$TMP/units/stet-watch.service" "$TMP/units/stet-watch.timer"
# verify prints warnings about the host (e.g. no running systemd) on
# stderr; only lines naming our units count.
if [ "$rc" -ne 0 ] || grep -q "stet-watch" "$TMP/err"; then
	fail "systemd-analyze verify (rc $rc): $(cat "$TMP/err")"
fi
finish
