/* checker/trace.h -- being written. */
