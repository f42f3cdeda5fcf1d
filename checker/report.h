/* checker/report.h -- being written. */
