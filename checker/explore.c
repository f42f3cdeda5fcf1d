/* checker/explore.c -- being written. */
