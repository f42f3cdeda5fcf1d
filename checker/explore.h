/* checker/explore.h -- being written. */
