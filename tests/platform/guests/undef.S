// Executes a permanently undefined instruction with no exception vectors:
// a fatal guest error (exit 1).
    .global _start
_start:
    udf     #0
    b       .
