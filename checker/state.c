/* checker/state.c -- being written. */
