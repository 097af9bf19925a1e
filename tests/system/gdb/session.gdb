# GDB session against gdb-target-smc.elf on a 2x1 topology (run_gdb.py).
set pagination off
set confirm off
target remote 127.0.0.1:@PORT@
# expect: _start \(\)
info threads
# expect: 1 +Thread 1 \(cpu0_0 MPIDR=0x80000000 running\)
# expect: 2 +Thread 2 \(cpu1_0 MPIDR=0x80000100 off\)
# Breakpoints stay in the stub while the machine runs (not removed at each stop),
# so the one below must survive the secondary's power-down and warm reset.
set breakpoint always-inserted on
# A breakpoint on the secondary core's work function, reached through CPU_ON.
break gdb_secondary_work
continue
# expect: Thread 2 hit Breakpoint 1, gdb_secondary_work \(arg=7\)
p/x $x0
# expect: = 0x7
p $CurrentEL
# expect: = 8
p/x $MPIDR_EL1
# expect: = 0x80000100
p/x $pc == (unsigned long)gdb_secondary_work
# expect: = 0x1
p gdb_result
# expect: = 0
# System and FP/SIMD registers are writable: FAR_EL2 (unused by the guest) and v3
# are set here and read back after a step, which makes GDB fetch them from the stub
# again. MPIDR_EL1 is read-only to a debugger too: the write is refused.
set var $FAR_EL2 = 0xfa12
set var $v3.d[1] = 2.5
set var $fpcr = 0x1000000
python
try:
    gdb.execute("set var $MPIDR_EL1 = 0")
except gdb.error as e:
    print("write refused: %s" % e)
end
# expect: write refused: Could not write register "MPIDR_EL1"
stepi
p/x $pc == (unsigned long)gdb_secondary_work + 4
# expect: = 0x1
p/x $FAR_EL2
# expect: = 0xfa12
p $v3.d[1]
# expect: = 2.5
p/x $fpcr
# expect: = 0x1000000
p/x $MPIDR_EL1
# expect: = 0x80000100
set var $fpcr = 0
# A register write is seen by the guest: arg = 7 stays 7 (the value is re-read).
set var $x1 = 0x1234
p/x $x1
# expect: = 0x1234
# A watchpoint on the mailbox word.
watch gdb_mailbox
continue
# expect: Thread 2 hit Hardware watchpoint 2: gdb_mailbox
# expect: Old value = 0
# expect: New value = 1611464711
delete 2
# A hardware breakpoint (Z1) on the boot core.
hbreak gdb_cluster_going_down
continue
# expect: Thread 1 hit Breakpoint 3, gdb_cluster_going_down
delete 3
# Read (Z3) and access (Z4) watchpoints: the boot core checks the secondary's results.
rwatch gdb_result
continue
# expect: Thread 1 hit Hardware read watchpoint 4: gdb_result
# expect: Value = 22
delete 4
awatch gdb_mailbox
continue
# expect: Thread 1 hit Hardware access \(read/write\) watchpoint 5: gdb_mailbox
# expect: Value = 1611464711
delete 5
# The secondary powered down (CPU_OFF) and is started again (CPU_ON): breakpoint 1,
# left in place all along, hits again.
continue
# expect: Thread 2 hit Breakpoint 1, gdb_secondary_work \(arg=9\)
delete
# Cluster 1 powering down after the secondary's second CPU_OFF.
break gdb_spin
continue
# expect: Thread 1 hit Breakpoint 6, gdb_spin
info threads
# expect: Thread 2 \(cpu1_0 MPIDR=0x80000100 off\)
monitor power
# expect: cluster1: ON -> OFF
# expect: cpu1_0: domain OFF, core off
monitor psci 2
# expect: PSCI calls so far; the last 2:
# expect: cpu0_0 AFFINITY_INFO64
monitor time
# expect: simulated time: \d+ ps
monitor phys read 0x40000000 8
# expect: 0000000040000000: [0-9a-f]{16}
# A loop to interrupt (Ctrl-C: the stub gets 0x03).
set var gdb_spin_iters = 4000000000
delete
python
import threading
threading.Timer(0.5, lambda: gdb.post_event(lambda: gdb.execute("interrupt"))).start()
end
continue
# expect: Thread 1 received signal SIGINT
p gdb_spin_count > 0
# expect: = 1
set var gdb_spin_iters = 0
# A powered-off core cannot be stepped.
thread 2
stepi
# expect: cpu1_0 \(thread 2\) is powered off and cannot be stepped
thread 1
# With the MMU on: a breakpoint at the virtual alias of gdb_mmu_function.
break *((unsigned long)gdb_mmu_function - 0x40000000 + 0x7fc0000000)
continue
# expect: hit Breakpoint 7, 0x0000007fc00
p/x $SCTLR_EL2 & 1
# expect: = 0x1
p/x $x0
# expect: = 0x8
x/i $pc
# expect: => 0x7fc00[0-9a-f]+:\s+add\s+x0, x0, x0, lsl #2
stepi
p/x $x0
# expect: = 0x28
# Memory written at a virtual address (the alias of gdb_result, not a physical
# address) lands at its physical one; read back by VA, identity VA and PA.
set var *(unsigned long *)((unsigned long)&gdb_result - 0x40000000 + 0x7fc0000000) = 0x77
p/x *(unsigned long *)((unsigned long)&gdb_result - 0x40000000 + 0x7fc0000000)
# expect: = 0x77
p/x gdb_result
# expect: = 0x77
eval "monitor phys read 0x%lx 8", &gdb_result
# expect: [0-9a-f]{16}: 7700000000000000
delete
# The secondary waits in WFI, then in a CPU_SUSPEND standby (core retention).
break gdb_peer_idle
continue
# expect: Thread 1 hit Breakpoint 8, gdb_peer_idle \(phase=(phase@entry=)?1\)
info threads
# expect: 2 +Thread 2 \(cpu1_0 MPIDR=0x80000100 WFI\)
continue
# expect: Thread 1 hit Breakpoint 8, gdb_peer_idle \(phase=(phase@entry=)?2\)
info threads
# expect: 2 +Thread 2 \(cpu1_0 MPIDR=0x80000100 suspended\)
monitor power
# expect: cpu1_0: domain RETENTION, core suspended
delete
# Boot 1 ends with SYSTEM_RESET. A breakpoint on each core and a watchpoint set
# before the reset stay in the stub over it and hit in boot 2: the watchpoint first,
# when the boot code clears .bss (the mailbox still holds boot 1's value).
break gdb_boot_started
break gdb_secondary_work
watch gdb_mailbox
continue
# expect: Thread 1 hit Hardware watchpoint 11: gdb_mailbox
# expect: Old value = 1611464711
# expect: New value = 0
continue
# expect: Thread 1 hit Breakpoint 9, gdb_boot_started \(boot=(boot@entry=)?2\)
p $CurrentEL
# expect: = 8
info threads
# expect: 2 +Thread 2 \(cpu1_0 MPIDR=0x80000100 off\)
continue
# expect: Thread 2 hit Breakpoint 10, gdb_secondary_work \(arg=11\)
continue
# expect: Thread 2 hit Hardware watchpoint 11: gdb_mailbox
# expect: Old value = 0
# expect: New value = 1611464715
delete
detach
# expect: Inferior 1 \(Remote target\) detached
