/* checker/state.h -- being written. */
