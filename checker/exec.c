/* checker/exec.c -- being written. */
