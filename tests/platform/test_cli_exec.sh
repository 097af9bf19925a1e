#!/bin/sh
# End-to-end checks of the pscisim executable's command-line contract: exit statuses,
# the one-line error format, --print-config round trip, report/VCD/DTB outputs.
#   test_cli_exec.sh PSCISIM TINY_ELF WORKDIR
set -u
sim=$1; elf=$2; dir=$3
mkdir -p "$dir"
fails=0
check() { # name expected-status command...
    name=$1; want=$2; shift 2
    "$@" >"$dir/out" 2>"$dir/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: status $got, expected $want"; cat "$dir/err"; fails=$((fails + 1))
    else
        echo "ok   $name"
    fi
}
expect_err() { # name fragment
    if ! grep -qF -- "$2" "$dir/err"; then
        echo "FAIL $1: stderr lacks '$2':"; cat "$dir/err"; fails=$((fails + 1))
    elif [ "$(wc -l <"$dir/err")" -ne 1 ]; then
        echo "FAIL $1: expected exactly one line on stderr:"; cat "$dir/err"; fails=$((fails + 1))
    fi
}

check help 0 "$sim" --help
grep -q "Usage: pscisim \[options\] ELF" "$dir/out" || { echo "FAIL help text"; fails=$((fails + 1)); }
check version 0 "$sim" --version
grep -q "^pscisim " "$dir/out" || { echo "FAIL version text"; fails=$((fails + 1)); }

check bad-flag 2 "$sim" --bogus "$elf";                 expect_err bad-flag "pscisim: error: unrecognised option '--bogus'"
check bad-topology 2 "$sim" --topology 0x4 "$elf";      expect_err bad-topology "pscisim: error: --topology: '0x4'"
check bad-time 2 "$sim" --max-time 10 "$elf";           expect_err bad-time "pscisim: error: --max-time: invalid time '10'"
check no-elf 2 "$sim";                                  expect_err no-elf "no guest ELF"
check missing-elf 2 "$sim" "$dir/nonexistent.elf";      expect_err missing-elf "nonexistent.elf: cannot open ELF file"
printf 'not an elf' >"$dir/text.elf"
check not-elf 2 "$sim" "$dir/text.elf";                 expect_err not-elf "text.elf: not an ELF file"
printf '{"clusters": [{"cores": 2, "freq": "1GHz"}]}' >"$dir/bad.json"
check bad-config 2 "$sim" --config "$dir/bad.json" "$elf"; expect_err bad-config "unknown key 'clusters[0].freq'"
check small-ram 2 "$sim" --ram-size 512K "$elf";        expect_err small-ram "pscisim: error: --ram-size: 524288 bytes"
check small-ram-short 2 "$sim" -m 512K "$elf";          expect_err small-ram-short "pscisim: error: -m: 524288 bytes"
# Range errors found once file and command line are merged name the file and its key.
printf '{"clusters": [{"cores": 2, "name": "9x"}]}' >"$dir/badname.json"
check range-in-file 2 "$sim" -c "$dir/badname.json" "$elf"
expect_err range-in-file "pscisim: error: $dir/badname.json: clusters[0].name: '9x' is not a valid name"

# Linux/arm64 truncates a command line beyond COMMAND_LINE_SIZE (2048 with the NUL).
check append-2047 0 "$sim" --print-config --append "$(printf '%2047s' '' | tr ' ' a)"
check append-2048 2 "$sim" --append "$(printf '%2048s' '' | tr ' ' a)" "$elf"
expect_err append-2048 "pscisim: error: --append: the kernel command line is 2048 bytes; Linux/arm64 takes at most 2047"

# The printed configuration is a valid configuration file that resolves to itself.
check print-config 0 "$sim" --print-config --topology 2,3 --cluster-freq 900MHz,650MHz --osi
cp "$dir/out" "$dir/printed.json"
check print-config-again 0 "$sim" --print-config --config "$dir/printed.json"
cmp -s "$dir/out" "$dir/printed.json" || { echo "FAIL print-config round trip"; fails=$((fails + 1)); }

# A guest that idles in WFI with no interrupt to come is a deadlock, with or without
# --max-time (status 1, issue 15 item 10); every output is still written.
rm -f "$dir/r.json" "$dir/r.vcd" "$dir/r.dtb" "$dir/r.svg"
check max-time 1 "$sim" -q --max-time 100us --report "$dir/r.json" --vcd "$dir/r.vcd" --dtb-out "$dir/r.dtb" \
    --timeline "$dir/r.svg" "$elf"
tail -n 1 "$dir/r.svg" | grep -qx '</svg>' || { echo "FAIL timeline written"; fails=$((fails + 1)); }
grep -q '"reason": "deadlock"' "$dir/r.json" || { echo "FAIL report reason"; fails=$((fails + 1)); }
t=$(sed -n 's/^    "simulated_time_ns": \([0-9]*\),$/\1/p' "$dir/r.json" | head -n 1)
[ -n "$t" ] && [ "$t" -lt 100000 ] || { echo "FAIL report time '$t'"; fails=$((fails + 1)); }
tail -n 1 "$dir/r.vcd" | grep -qx "#$t" || { echo "FAIL vcd end time"; fails=$((fails + 1)); }
[ "$(head -c 4 "$dir/r.dtb" | od -An -tx1 | tr -d ' ')" = "d00dfeed" ] || { echo "FAIL dtb magic"; fails=$((fails + 1)); }
[ "$(cat "$dir/err")" = "pscisim: no core can run and no event is pending: every core is off or waits for an interrupt that cannot come" ] || \
    { echo "FAIL --quiet printed more than the deadlock on stderr:"; cat "$dir/err"; fails=$((fails + 1)); }

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
