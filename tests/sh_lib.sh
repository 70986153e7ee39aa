# SPDX-License-Identifier: GPL-2.0-only
#
# The shell tests' reporting, sourced first: failures are counted in
# $fails, each printed as "FAIL: ...", each passed check as "ok   ...".
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

ok() {
	echo "ok   $*"
}
