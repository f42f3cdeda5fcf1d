/* lang/check.c -- being written. */
