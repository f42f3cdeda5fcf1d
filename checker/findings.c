/* checker/findings.c -- being written. */
