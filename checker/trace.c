/* checker/trace.c -- replaying and describing a path.
 * Owns: the replay of a BFS path, goroutine ids along it, the wording of
 * each step and of what a goroutine waits for.
 * Not: the search (explore.c).  Runs once per finding, so it may format. */
#include <string.h>
#include "checker/trace.h"

static void
step_free (gpointer p)
{
  ChanTraceStep *s = p;
  g_free (s->function);
  g_free (s->text);
  g_free (s->detail);
  g_free (s);
}

void
chan_trace_free (ChanTrace *t)
{
  if (t == NULL)
    return;
  g_ptr_array_free (t->steps, TRUE);
  g_free (t->ids);
  chan_state_free (t->final);
  g_free (t);
}

const char *
chan_trace_goroutine_function (const ChanState *s, int g)
{
  return chan_model_func (s->model, s->goroutines[g].frames[0].func)->name;
}

void
chan_trace_location (const ChanModel *m, int instr, GString *out)
{
  ChanPos p = chan_model_instr (m, instr)->pos;
  g_string_append_printf (out, "%s:%d:%d", m->filename, p.line, p.column);
}

static const char *
model_text (const ChanModel *m, int index)
{
  return index >= 0 ? chan_model_string (m, index) : "";
}

static const ChanVal *
frame_slot (const ChanState *s, int g, int k)
{
  const ChanGoroutine *gr = &s->goroutines[g];
  return &gr->stack[gr->frames[gr->n_frames - 1].base + k];
}

static const ChanInstr *
rest (const ChanState *s, int g)
{
  return chan_model_instr (s->model, chan_exec_rest_instr (s, g));
}

/* "ch" out of "ch <- v", "<-ch", "for range ch", "mu.Lock()". */
static char *
operand_text (const ChanModel *m, const ChanInstr *in)
{
  const char *t = model_text (m, in->text);
  if (in->op == CHAN_I_SEND)
    {
      const char *arrow = strstr (t, " <- ");
      return arrow ? g_strndup (t, (gsize) (arrow - t)) : g_strdup (t);
    }
  if (in->op == CHAN_I_RECV)
    {
      if (g_str_has_prefix (t, "for range "))
        return g_strdup (t + strlen ("for range "));
      if (g_str_has_prefix (t, "<-"))
        return g_strdup (t + 2);
    }
  if (in->op == CHAN_I_CALL_METHOD)
    {
      char *want = g_strdup_printf (".%s(", model_text (m, in->aux2));
      const char *dot = strstr (t, want);
      g_free (want);
      return dot ? g_strndup (t, (gsize) (dot - t)) : g_strdup (t);
    }
  return g_strdup (t);
}

static void
describe_channel (const ChanState *s, const ChanVal *v, GString *out)
{
  if (v->kind == CHAN_VAL_NIL)
    {
      g_string_append (out, " (a nil channel)");
      return;
    }
  if (v->kind != CHAN_VAL_CHAN)
    return;
  {
    const ChanObject *o = &s->objects[v->ref];
    const ChanVal *meta = &s->heap[o->base];
    int cap = (int) meta->num, count = (int) meta->ref;
    gboolean closed = meta->flags & 1;
    if (cap == 0)
      g_string_append (out, closed ? " (unbuffered, closed)" : " (unbuffered)");
    else
      g_string_append_printf (out, " (buffered, %d of %d full%s)", count, cap,
                              closed ? ", closed" : "");
  }
}

char *
chan_trace_channel_name (const ChanState *s, int g, int obj)
{
  const ChanModel *m = s->model;
  const ChanInstr *in = rest (s, g);
  if (in->op == CHAN_I_SELECT)
    {
      const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
      for (int k = 0; k < sel->n_cases; k++)
        {
          const ChanVal *v = frame_slot (s, g, sel->cases[k].chan);
          if (v->kind == CHAN_VAL_CHAN && (int) v->ref == obj)
            {
              const char *t = model_text (m, sel->cases[k].text);
              if (g_str_has_prefix (t, "case <-"))
                return g_strdup (t + strlen ("case <-"));
              if (g_str_has_prefix (t, "case "))
                return g_strdup (t + strlen ("case "));
              return g_strdup (t);
            }
        }
    }
  return operand_text (m, in);
}

void
chan_trace_describe_wait (const ChanState *s, int g, GString *out)
{
  const ChanModel *m = s->model;
  const ChanInstr *in = rest (s, g);
  char *op = operand_text (m, in);

  switch (in->op)
    {
    case CHAN_I_SEND:
      g_string_append_printf (out, "sending on %s", op);
      describe_channel (s, frame_slot (s, g, in->a), out);
      break;
    case CHAN_I_RECV:
      if (in->aux2 == 1)
        {
          g_string_append_printf (out, "in %s, waiting for the subtest to end", model_text (m, in->text));
          break;
        }
      if (in->flags & CHAN_INSTR_RANGE)
        g_string_append_printf (out, "ranging over %s", op);
      else
        g_string_append_printf (out, "receiving from %s", op);
      describe_channel (s, frame_slot (s, g, in->a), out);
      break;
    case CHAN_I_SELECT:
      {
        const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
        g_string_append (out, "in select");
        if (sel->n_cases == 0)
          g_string_append (out, " {} (no cases)");
        for (int k = 0; k < sel->n_cases; k++)
          {
            g_string_append (out, k == 0 ? " (" : "; ");
            g_string_append (out, model_text (m, sel->cases[k].text));
            describe_channel (s, frame_slot (s, g, sel->cases[k].chan), out);
            if (k == sel->n_cases - 1)
              g_string_append_c (out, ')');
          }
        break;
      }
    case CHAN_I_CALL_METHOD:
      {
        const char *name = model_text (m, in->aux2);
        const ChanGoroutine *gr = &s->goroutines[g];
        if (strcmp (name, "Lock") == 0 || strcmp (name, "RLock") == 0)
          g_string_append_printf (out, "locking %s%s", op,
                                  strcmp (name, "RLock") == 0 ? " for reading" : "");
        else if (strcmp (name, "Wait") == 0 && gr->phase == 2)
          g_string_append_printf (out, "re-locking the lock of %s after Wait", op);
        else if (strcmp (name, "Wait") == 0)
          g_string_append_printf (out, "waiting in %s.Wait()", op);
        else if (strcmp (name, "Do") == 0)
          g_string_append_printf (out, "in %s.Do, waiting for its function to finish", op);
        else
          g_string_append_printf (out, "calling %s", model_text (m, in->text));
        break;
      }
    case CHAN_I_STORE_INDEX:
    case CHAN_I_DELETE:
      g_string_append_printf (out, "at %s", model_text (m, in->text));
      if (s->goroutines[g].phase == 1)
        g_string_append (out, ", half-way through writing the map");
      break;
    default:
      g_string_append_printf (out, "at %s", model_text (m, in->text));
      break;
    }
  g_free (op);
}

/* Why goroutine G's select in BEFORE may take its default: no case is
 * ready, or a receiver rests at a case's channel but need not be waiting
 * there yet (exec.c, add_partners): the trace names it, since the reader
 * sees it at its receive. */
static void
default_detail (const ChanExec *x, const ChanState *before, int g, const int *ids, GString *d)
{
  ChanChoice *choices = NULL;
  int cap = 0, partner = -1;
  /* (choices only read the state: the cast does not let it change) */
  int n = chan_exec_goroutine_choices (x, (ChanState *) before, g, &choices, &cap);
  for (int k = 0; k < n && partner < 0; k++)
    if (choices[k].kind == CHAN_CHOICE_SELECT && choices[k].a >= 0 && choices[k].b >= 0)
      partner = choices[k].b;
  g_free (choices);
  if (partner < 0)
    g_string_append (d, "takes default: no case is ready");
  else
    g_string_append_printf (d, "takes default: g%d is at its receive but not yet waiting there "
                               "(a send in a select with a default meets only a waiting receiver)",
                            ids[partner]);
}

/* Describes the transition CHOICE of state BEFORE into STEP. */
static void
describe (const ChanExec *x, const ChanState *before, const ChanChoice *c,
          const ChanStepInfo *info, const int *ids, int next_id, ChanTraceStep *step)
{
  const ChanModel *m = x->model;
  GString *d = g_string_new (NULL);

  if (c->kind == CHAN_CHOICE_FIRE)
    {
      const ChanObject *o = &before->objects[c->a];
      const ChanVal *w = &before->heap[o->base];
      int site = (int) w[4].num;
      int kind = (int) w[2].num;
      step->goroutine = 0;
      step->function = g_strdup ("timer");
      if (site >= 0)
        {
          step->pos = chan_model_instr (m, site)->pos;
          step->text = g_strdup (model_text (m, chan_model_instr (m, site)->text));
        }
      else
        {
          step->pos = chan_model_func (m, m->entry_func)->name_pos;
          step->text = g_strdup ("an unknown context");
        }
      g_string_append (d, kind == CHAN_TIMER_KIND_TICKER ? "ticks"
                          : kind == CHAN_TIMER_KIND_AFTERFUNC ? "fires: its function starts"
                          : kind == CHAN_TIMER_KIND_DEADLINE ? (site >= 0 ? "deadline passes: the context is cancelled"
                                                                          : "is cancelled")
                          : "fires");
      if (info->n_spawned)
        g_string_append_printf (d, " as g%d", next_id);
      step->detail = g_string_free (d, FALSE);
      return;
    }
  {
    const ChanInstr *in = rest (before, c->g);
    step->goroutine = ids[c->g];
    {
      const ChanGoroutine *gr = &before->goroutines[c->g];
      step->function = g_strdup (chan_model_func (m, gr->frames[gr->n_frames - 1].func)->name);
    }
    step->pos = in->pos;
    step->text = g_strdup (model_text (m, in->text));
    switch (in->op)
      {
      case CHAN_I_STORE_INDEX:
      case CHAN_I_DELETE:
        /* a visible write to a map takes two steps (exec.c,
           map_write_starts): say which, since between them any other use
           of the map is a fatal error */
        if ((in->flags & CHAN_INSTR_VISIBLE) && frame_slot (before, c->g, in->a)->kind == CHAN_VAL_MAP
            && before->crash == CHAN_CRASH_NONE)
          g_string_append (d, before->goroutines[c->g].phase == 1 ? "the write to the map ends"
                                                                  : "the write to the map starts");
        break;
      case CHAN_I_SEND:
        if (c->kind == CHAN_CHOICE_SEND)
          g_string_append_printf (d, "received by g%d at %s:%d:%d", ids[c->b], m->filename,
                                  rest (before, c->b)->pos.line, rest (before, c->b)->pos.column);
        else
          {
            const ChanVal *v = frame_slot (before, c->g, in->a);
            if (v->kind == CHAN_VAL_CHAN)
              {
                const ChanVal *meta = &before->heap[before->objects[v->ref].base];
                if (meta->flags & 1)
                  g_string_append (d, "the channel is closed: panic");
                else
                  g_string_append_printf (d, "into the buffer (%d of %d)", (int) meta->ref + 1,
                                          (int) meta->num);
              }
            else
              g_string_append (d, "to an unknown channel");
          }
        break;
      case CHAN_I_RECV:
        {
          const ChanVal *v = frame_slot (before, c->g, in->a);
          if (v->kind == CHAN_VAL_CHAN)
            {
              const ChanVal *meta = &before->heap[before->objects[v->ref].base];
              const ChanVal *tl = &before->heap[before->objects[v->ref].base + 1];
              if (meta->ref > 0)
                g_string_append (d, tl->kind == CHAN_VAL_PTR ? "takes the timer's value"
                                                            : "takes a value from the buffer");
              else
                g_string_append (d, (in->flags & CHAN_INSTR_RANGE) ? "the channel is closed: the loop ends"
                                                                  : "the channel is closed: zero value");
            }
          else
            g_string_append (d, "from an unknown channel");
          break;
        }
      case CHAN_I_SELECT:
        {
          const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
          if (c->a < 0)
            default_detail (x, before, c->g, ids, d);
          else
            {
              const ChanSelectCase *sc = &sel->cases[c->a];
              const ChanVal *v = frame_slot (before, c->g, sc->chan);
              g_string_append_printf (d, "takes %s", model_text (m, sc->text));
              if (c->b >= 0)
                g_string_append_printf (d, ": received by g%d", ids[c->b]);
              else if (v->kind == CHAN_VAL_CHAN)
                {
                  const ChanVal *meta = &before->heap[before->objects[v->ref].base];
                  const ChanVal *tl = &before->heap[before->objects[v->ref].base + 1];
                  if (!sc->is_send && meta->ref > 0 && tl->kind == CHAN_VAL_PTR)
                    g_string_append (d, ": the timer fired");
                  else if (!sc->is_send && meta->ref == 0 && (meta->flags & 1))
                    g_string_append (d, ": the channel is closed");
                }
              else if (v->kind == CHAN_VAL_UNKNOWN)
                g_string_append (d, ": an unknown channel is ready");
            }
          break;
        }
      case CHAN_I_BRANCH:
        g_string_append_printf (d, "%s (an unknown value)", c->a == 0 ? "true" : "false");
        break;
      case CHAN_I_RANGE_NEXT:
        if (frame_slot (before, c->g, in->a)->kind == CHAN_VAL_MAP)
          {
            /* the keys left: a snapshot once started (a slice), else the map's count */
            const ChanVal *it = frame_slot (before, c->g, in->b);
            const ChanVal *m_val = frame_slot (before, c->g, in->a);
            int64_t left = it->kind == CHAN_VAL_SLICE ? chan_slice_len (it->num)
                           : before->heap[before->objects[m_val->ref].base].num;
            if (left == 1)
              g_string_append (d, "takes the one key left");
            else
              g_string_append_printf (d, "takes the remaining key number %d (every order is explored)", c->a + 1);
          }
        else if (frame_slot (before, c->g, in->a)->kind == CHAN_VAL_UNKNOWN)
          g_string_append (d, c->a == 0 ? "one more element (an unknown collection)"
                                        : "no more elements (an unknown collection)");
        break;
      case CHAN_I_GO:
        if (info->n_spawned)
          g_string_append_printf (d, "starts g%d", next_id);
        break;
      case CHAN_I_RETURN:
        g_free (step->text);
        step->text = g_strdup ((before->goroutines[c->g].flags & CHAN_G_ENTRY) ? "return" : "end");
        g_string_append (d, (before->goroutines[c->g].flags & CHAN_G_ENTRY)
                              ? "the entry returns" : "the goroutine ends");
        break;
      case CHAN_I_CALL_LIB:
        switch (in->aux2)
          {
          case CHAN_LIB_TIME_AFTER: case CHAN_LIB_TIME_NEW_TIMER: case CHAN_LIB_TIME_AFTER_FUNC:
            g_string_append (d, "starts a timer");
            break;
          case CHAN_LIB_TIME_NEW_TICKER: case CHAN_LIB_TIME_TICK:
            g_string_append (d, "starts a ticker");
            break;
          case CHAN_LIB_TIME_SLEEP:
            g_string_append (d, "sleeps: other goroutines may run");
            break;
          case CHAN_LIB_CONTEXT_WITH_TIMEOUT:
            g_string_append (d, "a context with a deadline timer");
            break;
          default:
            break;
          }
        break;
      case CHAN_I_CALL_METHOD:
        if (c->kind == CHAN_CHOICE_SIGNAL && c->a >= 0)
          g_string_append_printf (d, "wakes g%d", ids[c->a]);
        else if (c->kind == CHAN_CHOICE_SIGNAL)
          g_string_append (d, "no goroutine waits: the signal is lost");
        if (info->n_spawned)
          g_string_append_printf (d, "starts g%d", next_id);
        break;
      default:
        break;
      }
    if (info->partner >= 0 && in->op != CHAN_I_SEND && in->op != CHAN_I_SELECT
        && c->kind != CHAN_CHOICE_SIGNAL)
      g_string_append_printf (d, "%sg%d", d->len ? ", with " : "with ", ids[info->partner]);
    if (info->exited && in->op != CHAN_I_RETURN)
      g_string_append (d, d->len ? "; then the goroutine ends" : "then the goroutine ends");
    step->detail = d->len ? g_string_free (d, FALSE) : (g_string_free (d, TRUE), NULL);
  }
}

ChanTrace *
chan_trace_build (const ChanExec *x, const ChanGraph *g, uint32_t target)
{
  ChanTrace *t = g_new0 (ChanTrace, 1);
  GArray *path = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  ChanState *s = chan_state_new (x->model);
  ChanBytes bytes = { 0 };
  int *ids, n_ids = 0, next_id = 1, cap_ids = 16;
  ChanChoice *choices = NULL;
  int cap_choices = 0;

  t->steps = g_ptr_array_new_with_free_func (step_free);
  for (uint32_t v = target; v != 0; v = g->parent[v])
    g_array_prepend_val (path, v);
  ids = g_new (int, cap_ids);
  s->symmetry = x->symmetry;
  chan_graph_state (g, 0, s);
  for (int i = 0; i < s->n_goroutines; i++)
    ids[n_ids++] = next_id++;
  for (guint k = 0; k < path->len; k++)
    {
      uint32_t v = g_array_index (path, uint32_t, k);
      uint32_t parent = g->parent[v];
      ChanChoice c;
      ChanStepInfo info;
      ChanTraceStep *step = g_new0 (ChanTraceStep, 1);
      ChanState *before = chan_state_new (x->model);
      int n_choices;

      chan_graph_state (g, parent, s);
      n_choices = chan_exec_enabled (x, s, &choices, &cap_choices);
      g_assert (g->via[v] < n_choices);
      c = choices[g->via[v]];
      chan_state_copy (before, s);
      chan_exec_apply (x, s, &c, &info);
      describe (x, before, &c, &info, ids, next_id, step);
      g_ptr_array_add (t->steps, step);
      chan_state_free (before);
      /* follow the ids: the mover may end, new goroutines come last */
      if (info.exited)
        {
          memmove (ids + info.mover, ids + info.mover + 1, sizeof (int) * (size_t) (n_ids - info.mover - 1));
          n_ids--;
        }
      for (int i = 0; i < info.n_spawned; i++)
        {
          if (n_ids >= cap_ids)
            {
              cap_ids *= 2;
              ids = g_renew (int, ids, cap_ids);
            }
          ids[n_ids++] = next_id++;
        }
      /* the replayed state must be the stored one; canonical order may
         permute the goroutines: their ids follow */
      chan_state_encode (s, &bytes);
      {
        int *sorted = g_new (int, n_ids > 0 ? n_ids : 1);
        for (int i = 0; i < n_ids; i++)
          sorted[s->perm[i]] = ids[i];
        memcpy (ids, sorted, sizeof (int) * (size_t) n_ids);
        g_free (sorted);
      }
      {
        size_t len, cap = 0;
        uint8_t *buffer = NULL;
        const uint8_t *want = chan_store_state (g->store, v, &buffer, &cap, &len);
        g_assert (len == bytes.len && memcmp (want, bytes.data, len) == 0);
        g_free (buffer);
      }
    }
  chan_graph_state (g, target, s);
  g_assert (n_ids == s->n_goroutines);
  t->ids = ids;
  t->final = s;
  g_free (choices);
  chan_bytes_free (&bytes);
  g_array_free (path, TRUE);
  return t;
}
