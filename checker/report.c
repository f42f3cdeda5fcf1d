/* checker/report.c -- being written. */
