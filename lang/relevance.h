/* lang/relevance.h -- which values no behaviour depends on.
 * See lang/relevance.c and doc/untracked-values.md. */
#ifndef CHAN_LANG_RELEVANCE_H
#define CHAN_LANG_RELEVANCE_H

#include "lang/model.h"

/* Marks what nothing can depend on: the parts of what a send sends
 * (CHAN_INSTR_UNTRACKED and the mask in aux2, ChanSelectCase.untracked),
 * the parameters (ChanFunc.untracked_params), the values instructions
 * write (CHAN_INSTR_DST_UNTRACKED).  Call once the model is complete
 * (after chan_model_index_lib_methods). */
void chan_model_compute_relevance (ChanModel *model);

#endif
