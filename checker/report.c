/* checker/report.c -- text and JSON reports.
 * Owns: the wording of each finding kind, trace layout, the summary line,
 * JSON escaping.  Not: deciding anything (findings.c) or replaying
 * (trace.c).  Output is deterministic but for the seconds. */
#include <string.h>
#include "checker/report.h"
#include "checker/trace.h"

char *
chan_report_bounds (int b)
{
  GString *s = g_string_new (NULL);
  static const struct { int bit; const char *name; } names[] = {
    { CHAN_BOUND_STATES, "--max-states" }, { CHAN_BOUND_DEPTH, "--max-depth" },
    { CHAN_BOUND_TIME, "--time-limit" }, { CHAN_BOUND_GOROUTINES, "--max-goroutines" },
    { CHAN_BOUND_RANGE, "--range-bound" }, { CHAN_BOUND_CALL_DEPTH, "call depth (64)" },
    { CHAN_BOUND_INIT, "initialisation did not finish" },
    { CHAN_BOUND_SIZE, "size of a channel or slice (65536)" },
    { CHAN_BOUND_STATE_SIZE, "size of one state (16 MiB)" },
    { CHAN_BOUND_TRANSITIONS, "transitions from one state (65535)" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
    if (b & names[i].bit)
      {
        if (s->len)
          g_string_append (s, ", ");
        g_string_append (s, names[i].name);
      }
  return g_string_free (s, FALSE);
}

static void
site_text (const ChanModel *m, int site, GString *out)
{
  if (site < 0)
    g_string_append_printf (out, "the entry %s", chan_model_func (m, m->entry_func)->name);
  else
    chan_trace_location (m, site, out);
}

/* "goroutine g2 (Read.func1, started at f.chan:6:2)" for goroutine G. */
static void
goroutine_text (const ChanModel *m, const ChanTrace *t, int g, GString *out)
{
  const ChanGoroutine *gr = &t->final->goroutines[g];
  g_string_append_printf (out, "goroutine g%d (%s", t->ids[g],
                          chan_trace_goroutine_function (t->final, g));
  if (gr->site >= 0)
    {
      g_string_append (out, ", started at ");
      chan_trace_location (m, gr->site, out);
    }
  g_string_append_c (out, ')');
}

static void
sites_suffix (const ChanModel *m, const ChanFinding *f, GString *out)
{
  int n = 0;
  for (guint i = 0; i < f->sites->len; i++)
    if (g_array_index (f->sites, int, i) >= 0)
      n++;
  if (n < 2)
    return;
  g_string_append (out, "; goroutines started at ");
  for (guint i = 0, k = 0; i < f->sites->len; i++)
    {
      int site = g_array_index (f->sites, int, i);
      if (site < 0)
        continue;
      if (k++)
        g_string_append (out, k == (guint) n ? " and " : ", ");
      site_text (m, site, out);
    }
  g_string_append (out, " get stuck here");
}

/* The one-line message of finding F, given its trace. */
static char *
message (const ChanRun *run, const ChanFinding *f, const ChanTrace *t)
{
  const ChanModel *m = run->model;
  GString *s = g_string_new (NULL);
  switch (f->kind)
    {
    case CHAN_FINDING_LEAK:
    case CHAN_FINDING_DEADLOCK:
      goroutine_text (m, t, f->goroutine, s);
      g_string_append (s, " is blocked forever ");
      chan_trace_describe_wait (t->final, f->goroutine, s);
      g_string_append (s, f->kind == CHAN_FINDING_LEAK
                            ? ": no goroutine left can ever unblock it"
                            : ": the entry can never go on");
      sites_suffix (m, f, s);
      break;
    case CHAN_FINDING_PANIC:
      if (f->reason > 0)
        g_string_append (s, chan_model_string (m, f->reason));
      else
        g_string_append (s, chan_model_string (m, chan_model_instr (m, f->instr)->text));
      {
        const ChanState *st = t->final;
        if (st->crash_site >= 0)
          {
            g_string_append (s, " in the goroutine started at ");
            chan_trace_location (m, st->crash_site, s);
          }
        else
          g_string_append_printf (s, " in the entry %s", chan_model_func (m, m->entry_func)->name);
        g_string_append (s, st->crash == CHAN_CRASH_FATAL ? " (a fatal error: recover cannot stop it)"
                                                          : ": the program crashes");
      }
      break;
    case CHAN_FINDING_RUNAWAY:
      if (f->instr < 0)
        g_string_append_printf (s, "the entry %s never returns and is never stuck: it runs forever",
                                chan_model_func (m, m->entry_func)->name);
      else
        {
          goroutine_text (m, t, f->goroutine, s);
          g_string_append (s, " runs forever after the entry has returned: it never ends and is never stuck");
        }
      break;
    }
  return g_string_free (s, FALSE);
}

static void
value_text (const ChanState *st, const ChanVal *v, GString *out)
{
  if (chan_val_is_untracked (v))
    {
      g_string_append (out, "_");   /* nothing depends on it: not tracked */
      return;
    }
  switch (v->kind)
    {
    case CHAN_VAL_NIL: g_string_append (out, "nil"); break;
    case CHAN_VAL_INT: g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) v->num); break;
    case CHAN_VAL_BOOL: g_string_append (out, v->num ? "true" : "false"); break;
    case CHAN_VAL_STRING:
      {
        char *e = g_strescape (chan_model_string (st->model, (int) v->ref), NULL);
        g_string_append_printf (out, "\"%s\"", e);
        g_free (e);
        break;
      }
    case CHAN_VAL_UNKNOWN: g_string_append (out, "(unknown)"); break;
    case CHAN_VAL_FUNC: g_string_append (out, "func"); break;
    case CHAN_VAL_CHAN: g_string_append (out, "chan"); break;
    case CHAN_VAL_PTR: g_string_append (out, "&{...}"); break;
    case CHAN_VAL_SLICE: g_string_append (out, "[...]"); break;
    default: g_string_append (out, "{...}"); break;
    }
}

/* Goroutine statuses and channels at the end of trace T, indented. */
static void
final_text (const ChanRun *run, const ChanTrace *t, GString *out)
{
  const ChanState *st = t->final;
  ChanChoice *choices = NULL;
  int cap = 0;
  GHashTable *shown = g_hash_table_new (NULL, NULL);
  gboolean entry_alive = FALSE;

  g_string_append (out, "  goroutines at the end:\n");
  for (int g = 0; g < st->n_goroutines; g++)
    {
      const ChanGoroutine *gr = &st->goroutines[g];
      int n = st->crash ? 0 : chan_exec_goroutine_choices (run->exec, (ChanState *) st, g, &choices, &cap);
      int ri = chan_exec_rest_instr (st, g);
      if (gr->flags & CHAN_G_ENTRY)
        entry_alive = TRUE;
      g_string_append_printf (out, "    g%d %s", t->ids[g], chan_trace_goroutine_function (st, g));
      if (gr->site >= 0)
        {
          g_string_append (out, " (started at ");
          chan_trace_location (run->model, gr->site, out);
          g_string_append_c (out, ')');
        }
      g_string_append (out, st->crash ? ": at " : n == 0 ? ": blocked at " : ": can run at ");
      chan_trace_location (run->model, ri, out);
      g_string_append (out, ", ");
      chan_trace_describe_wait (st, g, out);
      g_string_append_c (out, '\n');
    }
  if (!entry_alive)
    g_string_append_printf (out, "    g1 %s: returned\n", chan_model_func (run->model, run->model->entry_func)->name);
  /* the channels the goroutines wait on */
  for (int g = 0; g < st->n_goroutines; g++)
    {
      int objs[16];
      int n = chan_exec_blocking_objects (st, g, objs, 16);
      for (int i = 0; i < n; i++)
        {
          const ChanObject *o = &st->objects[objs[i]];
          const ChanVal *meta;
          if (o->kind != CHAN_OBJ_CHAN || g_hash_table_contains (shown, GINT_TO_POINTER (objs[i])))
            continue;
          g_hash_table_add (shown, GINT_TO_POINTER (objs[i]));
          if (g_hash_table_size (shown) == 1)
            g_string_append (out, "  channels:\n");
          meta = &st->heap[o->base];
          g_string_append (out, "    ");
          {
            char *name = chan_trace_channel_name (st, g, objs[i]);
            g_string_append_printf (out, "%s (g%d waits on it): ", name, t->ids[g]);
            g_free (name);
          }
          if (st->heap[o->base + 1].kind == CHAN_VAL_PTR)
            g_string_append (out, "a timer's channel, ");
          if (meta->num == 0)
            g_string_append_printf (out, "unbuffered, %s", (meta->flags & 1) ? "closed" : "open");
          else
            {
              g_string_append_printf (out, "buffered %d of %d, %s: [", (int) meta->ref, (int) meta->num,
                                      (meta->flags & 1) ? "closed" : "open");
              gboolean untracked = FALSE;
              for (int k = 0; k < (int) meta->ref; k++)
                {
                  const ChanVal *v = &st->heap[o->base + 2 + k];
                  if (k)
                    g_string_append (out, ", ");
                  value_text (st, v, out);
                  untracked |= chan_val_is_untracked (v);
                }
              g_string_append_c (out, ']');
              if (untracked)
                g_string_append (out, " (_: a value nothing depends on, not tracked)");
            }
          g_string_append_c (out, '\n');
        }
    }
  g_free (choices);
  g_hash_table_destroy (shown);
}

static void
summary (const ChanRun *run, GString *out)
{
  const ChanGraph *g = run->graph;
  char *bounds = chan_report_bounds (g->bounds_hit);
  guint n = run->findings->len;
  g_string_append_printf (out, "%s: %s: ", run->model->filename, run->entry);
  if (n > 0)
    {
      int counts[4] = { 0 };
      static const char *const names[4] = { "leak", "deadlock", "panic", "runaway" };
      gboolean first = TRUE;
      for (guint i = 0; i < n; i++)
        counts[((ChanFinding *) g_ptr_array_index (run->findings, i))->kind]++;
      g_string_append_printf (out, "%u finding%s (", n, n == 1 ? "" : "s");
      for (int k = 0; k < 4; k++)
        if (counts[k])
          {
            g_string_append_printf (out, "%s%d %s", first ? "" : ", ", counts[k], names[k]);
            first = FALSE;
          }
      g_string_append_c (out, ')');
      if (!run->complete)
        g_string_append (out, ", search incomplete");
    }
  else if (run->complete)
    g_string_append (out, "verified: no leak, deadlock, panic or runaway goroutine");
  else
    g_string_append (out, "no finding, but the search is INCOMPLETE (not verified)");
  g_string_append_printf (out, "; %u states, %" G_GUINT64_FORMAT " transitions, %.2f s",
                          g->n_states, g->n_edges, g->seconds);
  if (*bounds)
    g_string_append_printf (out, "; bounds hit: %s", bounds);
  if (n > 0 && run->reduced_traces)
    g_string_append (out, "; traces from the reduced search, not always the shortest");
  g_string_append_c (out, '\n');
  g_free (bounds);
}

static void
opaque_text (const ChanRun *run, GString *out)
{
  const GPtrArray *o = run->model->opaque_calls;
  if (o->len == 0)
    return;
  g_string_append_printf (out, "%s: %s: abstracted (not modelled, results unknown): ",
                          run->model->filename, run->entry);
  for (guint i = 0; i < o->len; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (o, i));
  g_string_append_c (out, '\n');
}

void
chan_report_text (const ChanRun *run, GString *out)
{
  const ChanModel *m = run->model;
  for (guint i = 0; i < run->findings->len; i++)
    {
      const ChanFinding *f = g_ptr_array_index (run->findings, i);
      ChanTrace *t = chan_trace_build (run->exec, run->graph, f->state);
      ChanPos p = chan_finding_pos (m, f);
      char *msg = message (run, f, t);
      g_string_append_printf (out, "%s:%d:%d: %s: %s\n", m->filename, p.line, p.column,
                              chan_finding_kind_name (f->kind), msg);
      g_string_append_printf (out, "  trace (%u step%s):\n", t->steps->len, t->steps->len == 1 ? "" : "s");
      for (guint k = 0; k < t->steps->len; k++)
        {
          const ChanTraceStep *s = g_ptr_array_index (t->steps, k);
          GString *who = g_string_new (NULL);
          if (s->goroutine > 0)
            g_string_append_printf (who, "g%d %s", s->goroutine, s->function);
          else
            g_string_append (who, "timer");
          g_string_append_printf (out, "    %2u. %-18s %s:%d:%d  %s", k + 1, who->str, m->filename,
                                  s->pos.line, s->pos.column, s->text);
          if (s->detail)
            g_string_append_printf (out, "  [%s]", s->detail);
          g_string_append_c (out, '\n');
          g_string_free (who, TRUE);
        }
      final_text (run, t, out);
      g_free (msg);
      chan_trace_free (t);
    }
  opaque_text (run, out);
  summary (run, out);
}

static void
json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_location (GString *out, const char *file, ChanPos p)
{
  g_string_append (out, "{\"file\":");
  json_string (out, file);
  g_string_append_printf (out, ",\"line\":%d,\"column\":%d}", p.line, p.column);
}

void
chan_report_json (const ChanRun *run, GString *out)
{
  const ChanModel *m = run->model;
  const ChanGraph *g = run->graph;
  char *bounds = chan_report_bounds (g->bounds_hit);

  g_string_append (out, "{\"file\":");
  json_string (out, m->filename);
  g_string_append (out, ",\"entry\":");
  json_string (out, run->entry);
  g_string_append_printf (out, ",\"verdict\":\"%s\"",
                          run->findings->len ? "findings" : run->complete ? "verified" : "incomplete");
  g_string_append (out, ",\"findings\":[");
  for (guint i = 0; i < run->findings->len; i++)
    {
      const ChanFinding *f = g_ptr_array_index (run->findings, i);
      ChanTrace *t = chan_trace_build (run->exec, run->graph, f->state);
      char *msg = message (run, f, t);
      if (i)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"kind\":\"%s\",\"message\":", chan_finding_kind_name (f->kind));
      json_string (out, msg);
      g_string_append (out, ",\"location\":");
      json_location (out, m->filename, chan_finding_pos (m, f));
      if (f->goroutine >= 0)
        {
          const ChanGoroutine *gr = &t->final->goroutines[f->goroutine];
          g_string_append_printf (out, ",\"goroutine\":{\"id\":%d,\"function\":", t->ids[f->goroutine]);
          json_string (out, chan_trace_goroutine_function (t->final, f->goroutine));
          g_string_append (out, ",\"started_at\":");
          if (gr->site >= 0)
            json_location (out, m->filename, chan_model_instr (m, gr->site)->pos);
          else
            json_location (out, m->filename, chan_model_func (m, m->entry_func)->name_pos);
          g_string_append_c (out, '}');
        }
      g_string_append (out, ",\"trace\":[");
      for (guint k = 0; k < t->steps->len; k++)
        {
          const ChanTraceStep *s = g_ptr_array_index (t->steps, k);
          if (k)
            g_string_append_c (out, ',');
          g_string_append_printf (out, "{\"step\":%u,\"goroutine\":%d,\"function\":", k + 1, s->goroutine);
          json_string (out, s->function);
          g_string_append (out, ",\"location\":");
          json_location (out, m->filename, s->pos);
          g_string_append (out, ",\"operation\":");
          json_string (out, s->text);
          if (s->detail)
            {
              g_string_append (out, ",\"detail\":");
              json_string (out, s->detail);
            }
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
      g_free (msg);
      chan_trace_free (t);
    }
  g_string_append (out, "],\"opaque\":[");
  for (guint i = 0; i < m->opaque_calls->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      json_string (out, g_ptr_array_index (m->opaque_calls, i));
    }
  g_string_append_printf (out, "],\"stats\":{\"states\":%u,\"transitions\":%" G_GUINT64_FORMAT
                          ",\"seconds\":%.2f,\"complete\":%s,\"state_bytes\":%" G_GSIZE_FORMAT
                          ",\"graph_bytes\":%" G_GSIZE_FORMAT ",\"shortest_traces\":%s,\"bounds_hit\":[",
                          g->n_states, g->n_edges, g->seconds, run->complete ? "true" : "false",
                          chan_store_state_bytes (g->store), chan_graph_memory (g),
                          run->reduced_traces ? "false" : "true");
  {
    char **parts = g_strsplit (bounds, ", ", -1);
    for (int i = 0; parts[i] && *parts[i]; i++)
      {
        if (i)
          g_string_append_c (out, ',');
        json_string (out, parts[i]);
      }
    g_strfreev (parts);
  }
  g_string_append (out, "]}}\n");
  g_free (bounds);
}
