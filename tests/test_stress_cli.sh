#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tmigr-stress as a script sees it: usage errors exit 2 with one clear line,
# clean runs exit 0, a report exits 1.
#
# usage: test_stress_cli.sh PATH/TO/tmigr-stress [big]
set -u
stress=$1
big=${2:-}
fails=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# expect EXIT-CODE PATTERN -- ARGS...: run, check status and output
expect() {
	local want=$1 pattern=$2
	shift 3
	"$stress" "$@" >"$out" 2>&1
	local got=$?
	if [ "$got" != "$want" ] || ! grep -q -- "$pattern" "$out"; then
		echo "FAIL: tmigr-stress $* -> exit $got (want $want), output lacks '$pattern':"
		head -20 "$out"
		fails=$((fails + 1))
	else
		echo "ok   tmigr-stress $*"
	fi
}

expect 0 "usage: tmigr-stress" -- --help
expect 0 "^fixed " -- --list-variants
expect 2 "must be an integer between 1 and 8192" -- -n 0
expect 2 "must be an integer between 1 and 8192" -- -n 8193
expect 2 "must be an integer between 1 and 8192" -- -n abc
expect 2 "unknown variant 'nope'" -- --variant nope
expect 2 "must be a number between 0 and 86400" -- -t forever
expect 2 "must be a number between 0 and 86400" -- -t -1
expect 2 "unknown option '--bogus'" -- --bogus
expect 2 "needs a value" -- -n
expect 2 "unexpected argument 'extra'" -- -t 1 extra
expect 2 "must not exceed the number of CPUs" -- -n 4 --nodes 5
expect 2 "must not exceed the number of CPUs" -- -n 4 --boot-online 5
expect 2 "'blocks' or 'interleaved'" -- --node-layout random
expect 2 "names a CPU that does not exist" -- -n 4 --inject-stall 4
expect 2 "--idle-wait-us must be an integer between 0 and 1000000" -- --idle-wait-us 1e3
expect 2 "--nomem must be an integer between 0 and 1000" -- --nomem 1001
expect 2 "^tmigr-stress: --engine must be 'fibers' or 'threads' (got 'green')$" -- --engine green
expect 2 "^tmigr-stress: --workers needs --engine fibers$" -- --engine threads --workers 2
expect 2 "--workers must be an integer between 1 and 8192" -- --workers 0
expect 2 "--preempt must be an integer between 0 and 1000000" -- --preempt 1000001
expect 2 "^tmigr-stress: --ignore-signature: 'bogus' names no oracle" -- --ignore-signature bogus
# --isolcpus: the text programs' CPU lists and messages, checked against -n
expect 2 "^tmigr-stress: --isolcpus names CPU8 but only 8 CPUs exist (-n 8)$" -- -n 8 --isolcpus 2-8
expect 2 "^tmigr-stress: --isolcpus names CPU3 but only 2 CPUs exist (-n 2)$" -- --isolcpus 2-3 -n 2
expect 2 "^tmigr-stress: --isolcpus must leave at least one housekeeping CPU$" -- -n 4 --isolcpus domain,0-3
expect 2 "^tmigr-stress: --isolcpus range 5-2 goes backwards (write 2-5)$" -- --isolcpus 5-2
expect 2 "^tmigr-stress: --isolcpus CPU must be between 0 and 8191 (got 'x')$" -- --isolcpus 2,x
expect 2 "^tmigr-stress: --isolcpus CPU: number missing$" -- --isolcpus 2-
expect 2 "^tmigr-stress: --isolcpus takes \[domain,\]CPU-LIST (got 'nohz,2')$" -- --isolcpus nohz,2
expect 2 "^tmigr-stress: --isolcpus needs a CPU list (e.g. '--isolcpus 2-3')$" -- --isolcpus domain,
# --little: the same CPU lists, checked against -n
expect 2 "^tmigr-stress: --little names CPU8 but only 8 CPUs exist (-n 8)$" -- -n 8 --little 4-8
expect 2 "^tmigr-stress: --little range 7-4 goes backwards (write 4-7)$" -- --little 7-4

# A free-running stress on 6.12 ('fixed') hits the deactivation race of
# docs/findings.md now and then (1 run in 30-60 of the NUMA case below):
# what must be clean runs on the patched baseline, fix-remote-ignore (both
# candidate fixes: the remote expiry race shows in free runs too).
fix="--variant fix-remote-ignore"
expect 0 "verdict: clean" -- -n 1 -t 1 -s 1 -q
expect 0 "verdict: clean" -- -n 8 -t 2 -s 2 -q --nodes 2 --boot-online 5 $fix
expect 0 "rerun       .*tmigr-stress -n 8 -t 2 -s 0x2 --variant fix-remote-ignore --nodes 2 --boot-online 5" -- -n 8 -t 2 -s 2 -q --nodes 2 --boot-online 5 $fix
# nohz_full=1-N: in the rerun line and the summary; CPU 0 (timekeeping) stays online
expect 0 "rerun       .*--variant fix-remote-ignore --nohz-full" -- -n 4 -t 1 -s 4 -q --nohz-full $fix
expect 0 "4 online at boot, .* online at end, nohz_full=1-3" -- -n 4 -t 1 -s 4 -q --nohz-full $fix
# isolcpus=domain,LIST: in the summary and the rerun line (as a canonical
# list), alone and with nohz_full
expect 0 "8 online at boot, .* online at end, isolcpus=2-3$" -- -n 8 -t 1 -s 3 -q --isolcpus 2-3 $fix
expect 0 "rerun       .*tmigr-stress -n 8 -t 1 -s 0x3 --variant fix-remote-ignore --isolcpus 2-3$" -- -n 8 -t 1 -s 3 -q --isolcpus 2-3 $fix
expect 0 "rerun       .*--nohz-full --isolcpus 0,2-3,5$" -- -n 8 -t 1 -s 3 -q --nohz-full --isolcpus domain,5,0,2-3 $fix
expect 0 "online at end, nohz_full=1-7, isolcpus=0,2-3,5$" -- -n 8 -t 1 -s 3 -q --nohz-full --isolcpus domain,5,0,2-3 $fix
expect 0 "online at end, little (half capacity) 4-7$" -- -n 8 -t 1 -s 3 -q --little 4-7 $fix
expect 0 "rerun       .*tmigr-stress -n 8 -t 1 -s 0x3 --variant fix-remote-ignore --little 4-7$" -- -n 8 -t 1 -s 3 -q --little 7,4-6 $fix
# idle CPUs sleep until their clock event (which wakes some of them), or
# spin (threads) / yield to their worker's other CPUs (fibers); the rerun
# line names a wait that is not the engine's default (fibers 0, threads 50)
expect 0 "idle ones slept [1-9][0-9]* times ([1-9][0-9]* woken by their clock event)" -- -n 16 -t 1 -s 8 -q --engine threads $fix
expect 0 "idle ones slept [1-9][0-9]* times ([1-9][0-9]* woken by their clock event)" -- -n 16 -t 1 -s 8 -q --idle-wait-us 50 $fix
expect 0 "rerun       .*--idle-wait-us 0 --engine threads" -- -n 4 -t 1 -s 8 -q --engine threads --idle-wait-us 0 $fix
expect 0 "rerun       .*--idle-wait-us 50" -- -n 4 -t 1 -s 8 -q --idle-wait-us 50 $fix
expect 0 "idle ones spin on sched_yield() (--idle-wait-us 0)" -- -n 4 -t 1 -s 8 -q --engine threads --idle-wait-us 0 $fix
expect 0 "idle ones yield to their worker's other CPUs (--idle-wait-us 0)" -- -n 4 -t 1 -s 8 -q $fix
# progress line and summary counters are there
expect 0 "epochs .* quiescent checks" -- -n 4 -t 1 -s 3 $fix
# (boot runs alongside the load: on a loaded host not every CPU is up yet)
expect 0 "op/s .*cpus [1-4]/4" -- -n 4 -t 1.5 -s 3 --hotplug 0 $fix

# every hotplug loses an allocation: first bring-ups fail with -ENOMEM and
# roll back, which is no report; the rerun line keeps the option
expect 0 "rerun       .*--nomem 1000" -- -n 24 -t 2 -s 3 -q --boot-online 2 --hotplug 100 --nomem 1000 $fix

# the 6.12 NUMA imbalance is reported as a known issue and does not fail
expect 0 "structure:node-locality:fix-remote-ignore  (known issue)" -- -n 32 -t 1 -s 7 -q --nodes 2 --node-layout interleaved $fix

# the engines: CPU fibers on worker threads (the default), a thread per CPU
expect 0 "threads     fibers on 1 worker, " -- -n 8 -t 1 -s 9 -q --workers 1 $fix
expect 0 "switches    [1-9][0-9]* ([1-9][0-9]* preemptions, " -- -n 8 -t 1 -s 9 -q --workers 2 --preempt 4 $fix
expect 0 "rerun       .*--preempt 4" -- -n 8 -t 1 -s 9 -q --preempt 4 $fix
expect 0 "threads     a thread per CPU on " -- -n 8 -t 1 -s 9 -q --engine threads $fix
expect 0 "rerun       .*--engine threads" -- -n 8 -t 1 -s 9 -q --engine threads $fix
expect 0 "verdict: clean" -- -n 8 -t 1 -s 9 -q --engine threads --hotplug 50 $fix

# looking past the documented findings (6.12 shows them within seconds
# now): ignored reports are listed, do not stop the run and do not fail it
expect 0 "rerun       .*--stop-on-report --ignore-signature ignored-timer --ignore-known" -- -n 64 -t 2 -s 3 -q --stop-on-report --ignore-signature ignored-timer --ignore-known
expect 0 "s wall (2\.[0-9] s of load)" -- -n 64 -t 2 -s 3 -q --stop-on-report --ignore-known

# the watchdog reports a CPU that hangs mid-operation, and exits 1, with
# the other CPUs of its worker thread still going
expect 1 "deadlock:no-quiescent-point:fixed" -- -n 4 -t 5 -s 4 -q --inject-stall 2 --stall-timeout 1
expect 1 "CPU2: inside injected stall" -- -n 4 -t 5 -s 4 -q --inject-stall 2 --stall-timeout 1 --workers 1
expect 1 "deadlock:no-quiescent-point:fixed" -- -n 4 -t 5 -s 4 -q --inject-stall 2 --stall-timeout 1 --engine threads

if [ "$big" = big ]; then
	expect 0 "verdict: clean" -- -n 4096 -t 1 -s 5 -q $fix
	expect 0 "verdict: clean" -- -n 4096 -t 1 -s 5 -q --engine threads $fix
	expect 0 "verdict: clean" -- -n 64 -t 5 -s 6 -q --nodes 4 $fix
fi

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails != 0))
