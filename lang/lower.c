/* lang/lower.c -- being written. */
