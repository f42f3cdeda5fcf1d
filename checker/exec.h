/* checker/exec.h -- being written. */
