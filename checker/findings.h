/* checker/findings.h -- being written. */
