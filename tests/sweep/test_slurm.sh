#!/usr/bin/env bash
# ctest: pscisim-sweep --backend slurm on a real single-node Slurm started here.
#
# Generates a munge key and a slurm.conf in a temporary directory, starts munged,
# slurmctld and slurmd on this machine (as root: slurmd must run jobs as their user),
# runs the same sweep as tests/sweep/test_sweep.py --case local as an array job and on the
# local pool, and compares the two CSV tables column by column (the host-time columns
# aside). The daemons are stopped by the EXIT trap whatever happens. Also checks
# --write-only (the script is written, nothing is submitted).
#
# Exit 77 (ctest SKIP_RETURN_CODE) when not root or when slurm-wlm / munge are missing,
# unless PSCISIM_REQUIRE_SLURM=1 (then that is a failure).
# Usage: test_slurm.sh TOOL PSCISIM CONFIG GUEST1 GUEST2
set -uo pipefail
tool=$1 pscisim=$2 config=$3 guest1=$4 guest2=$5

skip() {
    echo "SKIP: $*"
    [ "${PSCISIM_REQUIRE_SLURM:-0}" = 1 ] && exit 1
    exit 77
}
[ "$(id -u)" -eq 0 ] || skip "not root (slurmd must run as root to start jobs)"
for p in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$p" >/dev/null || skip "$p not installed (Debian slurm-wlm and munge)"
done

passed=0 failed=0
check() { # check "what" command...
    local what=$1; shift
    if "$@"; then echo "PASS: $what"; passed=$((passed + 1))
    else echo "FAIL: $what"; failed=$((failed + 1)); return 1; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pscisim-slurm-test.XXXXXX")
chmod 700 "$tmp"
pids=()
stop_daemons() {
    # Stop only the daemons this test started, by the PIDs they wrote.
    for f in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munged.pid"; do
        [ -s "$f" ] || continue
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
}
cleanup() {
    stop_daemons
    if [ "$failed" -ne 0 ] || [ "${PSCISIM_KEEP_SLURM_LOGS:-0}" = 1 ]; then
        for log in slurmctld.log slurmd.log munged.log; do
            [ -f "$tmp/$log" ] && { echo "---- $log (tail)"; tail -n 15 "$tmp/$log"; }
        done
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
host=$(hostname -s)
node=pscisimnode

mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool"
chmod 700 "$tmp/munge"
# A fresh 1 KiB key for this test only.
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
sock=$tmp/munge/munge.socket

cat > "$tmp/slurm.conf" <<EOF
ClusterName=pscisimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=600
NodeName=$node NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=pscisim Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$tmp/slurm.conf

munged --force --socket="$sock" --key-file="$tmp/munge/munge.key" \
    --pid-file="$tmp/munged.pid" --log-file="$tmp/munged.log" --seed-file="$tmp/munge/seed" \
    || { echo "FAIL: munged did not start"; failed=1; exit 1; }
slurmctld -f "$tmp/slurm.conf" -L "$tmp/slurmctld.log" \
    || { echo "FAIL: slurmctld did not start"; failed=1; exit 1; }
slurmd -f "$tmp/slurm.conf" -N "$node" -L "$tmp/slurmd.log" \
    || { echo "FAIL: slurmd did not start"; failed=1; exit 1; }

# Wait until the node is idle (slurmd registered with slurmctld).
state=
for _ in $(seq 300); do
    state=$(sinfo --noheader --nodes="$node" --format=%T 2>/dev/null | head -n1)
    case "$state" in idle*) break ;; esac
    sleep 0.2
done
check "single-node Slurm is up (node $node: ${state:-no answer})" test "${state%%[*~#]*}" = idle \
    || { failed=1; exit 1; }

sweep=$tmp/sweep.toml
cat > "$sweep" <<EOF
name = "slurm"
pscisim = "$pscisim"
config = "$config"
[[axes]]
param = "option:latency-preset"
values = ["fvp", "juno"]
[[axes]]
param = "config:osi"
values = [false, true]
[[axes]]
param = "guest"
values = ["$guest1", "$guest2"]
EOF

# --write-only: the array script, nothing submitted.
out=$(timeout 120 "$tool" "$sweep" -o "$tmp/wo" --backend slurm --write-only --no-plots 2>&1)
check "--write-only exits 0 and prints the script path" test "$out" = "$tmp/wo/slurm/array.sbatch"
check "--write-only: one array job over points 0-7" \
    grep -qx '#SBATCH --array=0-7' "$tmp/wo/slurm/array.sbatch"
check "--write-only: nothing submitted" test -z "$(squeue --noheader)"
check "--write-only: no point ran" test -z "$(ls "$tmp/wo/points")"

# The same sweep as an array job, and on the local pool.
check "slurm backend: the sweep runs as an array job and exits 0" \
    timeout 240 "$tool" "$sweep" -o "$tmp/slurm" --backend slurm --no-plots
check "slurm backend: every array task ran on the Slurm node" \
    test "$(ls "$tmp/slurm/slurm" | grep -c '^task-[0-7]\.out$')" = 8
check "local pool: the same sweep exits 0" \
    timeout 240 "$tool" "$sweep" -o "$tmp/local" -j 2 --no-plots --quiet
check "same table from Slurm and from the local pool (host columns aside), 8 rows" \
    python3 - "$tmp/slurm/results.csv" "$tmp/local/results.csv" <<'EOF'
import csv, sys
host = {"host_seconds", "wall_seconds"}
a, b = ([{k: v for k, v in r.items() if k not in host} for r in csv.DictReader(open(p))]
        for p in sys.argv[1:3])
if len(a) != 8 or a != b:
    for i, (x, y) in enumerate(zip(a, b)):
        for k in x:
            if x[k] != y.get(k):
                print("    point %d column %s: slurm %r, local %r" % (i, k, x[k], y.get(k)))
    sys.exit(1)
EOF
# Resume through Slurm: nothing left to submit.
msg=$(timeout 120 "$tool" "$sweep" -o "$tmp/slurm" --backend slurm --no-plots 2>&1)
check "slurm backend: a finished sweep submits nothing" \
    grep -q "every point is finished; nothing to submit" <<<"$msg"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
