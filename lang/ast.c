/* lang/ast.c -- being written. */
