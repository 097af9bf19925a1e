# Breakpoints, steps and a watchpoint, then continue to the end: the report must be
# the one of a run without a debugger (run_gdb.py --compare-report).
set pagination off
set confirm off
target remote 127.0.0.1:@PORT@
break gdb_secondary_work
break gdb_cluster_going_down
continue
# expect: hit Breakpoint 1
stepi
stepi
watch gdb_mailbox
continue
# expect: Hardware watchpoint 3: gdb_mailbox
delete 3
continue
# expect: hit Breakpoint 2
next
continue
# expect: hit Breakpoint 1, gdb_secondary_work \(arg=9\)
stepi
# Over the SYSTEM_RESET at the end of boot 1: the watchpoint stops where boot 2 clears
# .bss and where the secondary writes the mailbox again; breakpoint 1 hits in boot 2.
watch gdb_mailbox
continue
# expect: Hardware watchpoint 4: gdb_mailbox
# expect: New value = 0
continue
# expect: hit Breakpoint 1, gdb_secondary_work \(arg=11\)
continue
# expect: Hardware watchpoint 4: gdb_mailbox
# expect: New value = 1611464715
delete 4
continue
# expect: exited normally
