/* checker/store.c -- being written. */
