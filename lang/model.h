/* lang/model.h -- being written. */
