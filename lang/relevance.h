/* lang/relevance.h -- which values no behaviour depends on.
 * See lang/relevance.c and doc/untracked-values.md. */
#ifndef CHAN_LANG_RELEVANCE_H
#define CHAN_LANG_RELEVANCE_H

#include "lang/model.h"

/* Marks the sends whose channels carry values that nothing can depend on
 * (CHAN_INSTR_UNTRACKED, ChanSelectCase.untracked) and the parameters that
 * nothing depends on (ChanFunc.untracked_params).  Call once the model is
 * complete (after chan_model_index_lib_methods). */
void chan_model_compute_relevance (ChanModel *model);

#endif
