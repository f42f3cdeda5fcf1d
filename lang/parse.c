/* lang/parse.c -- being written. */
