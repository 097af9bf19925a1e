# Short GDB session against gdb-target-hvc.elf on a 2x1 topology with --conduit hvc
# --boot-el 1 (run_gdb.py): the same stub with the guest at EL1, whose PSCI calls are
# HVCs. The EL1 registers are the ones in use.
set pagination off
set confirm off
target remote 127.0.0.1:@PORT@
# expect: _start \(\)
p $CurrentEL
# expect: = 4
set breakpoint always-inserted on
break gdb_secondary_work
continue
# expect: Thread 2 hit Breakpoint 1, gdb_secondary_work \(arg=7\)
p $CurrentEL
# expect: = 4
p/x $MPIDR_EL1
# expect: = 0x80000100
p/x $pc == (unsigned long)gdb_secondary_work
# expect: = 0x1
p/x $x0
# expect: = 0x7
# The MMU is off at EL1 (SCTLR_EL1.M = 0); FAR_EL1 (unused by the guest) is written
# and read back after a step, which makes GDB fetch it from the stub again.
p/x $SCTLR_EL1 & 1
# expect: = 0x0
set var $FAR_EL1 = 0xfa11
stepi
p/x $pc == (unsigned long)gdb_secondary_work + 4
# expect: = 0x1
p/x $FAR_EL1
# expect: = 0xfa11
watch gdb_mailbox
continue
# expect: Thread 2 hit Hardware watchpoint 2: gdb_mailbox
# expect: Old value = 0
# expect: New value = 1611464711
delete 2
# The secondary's second run (after CPU_OFF and CPU_ON over HVC).
continue
# expect: Thread 2 hit Breakpoint 1, gdb_secondary_work \(arg=9\)
# Over SYSTEM_RESET (an HVC too): breakpoint 1 hits in boot 2.
continue
# expect: Thread 2 hit Breakpoint 1, gdb_secondary_work \(arg=11\)
p $CurrentEL
# expect: = 4
delete
detach
# expect: Inferior 1 \(Remote target\) detached
