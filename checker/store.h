/* checker/store.h -- being written. */
