/* checker/trace.c -- being written. */
