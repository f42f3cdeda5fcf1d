/* lang/model.c -- being written. */
