/* lang/lower.h -- being written. */
