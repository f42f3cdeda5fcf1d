/* checker/findings.c -- deciding "stuck forever" over bottom components.
 * Owns: Tarjan's algorithm (iterative, in Pearce's space-saving form: graphs
 * have millions of states), the bottom test, a union-find over (state,
 * goroutine) pairs that follows each goroutine along the edges of a
 * component, and the finding keys.
 * Not: exploration (explore.c), wording (report.c).
 *
 * In a bottom component B every enabled transition stays in B, so a
 * goroutine that never moves on any edge of B is blocked at the same
 * operation in every state of B: it is stuck (SPEC 3).  A goroutine moves
 * on an edge when it is the edge's mover or its rendezvous partner; across
 * an edge, goroutines keep their order, the mover is removed when it ends
 * and new goroutines come last, so identities are followed exactly. */
#include <string.h>
#include "checker/findings.h"
#include "lang/union_find.h"

const char *
chan_finding_kind_name (ChanFindingKind kind)
{
  switch (kind)
    {
    case CHAN_FINDING_LEAK: return "leak";
    case CHAN_FINDING_DEADLOCK: return "deadlock";
    case CHAN_FINDING_PANIC: return "panic";
    case CHAN_FINDING_RUNAWAY: return "runaway";
    }
  return "?";
}

/* Where a finding at instruction INSTR is reported (-1: the entry's name). */
static ChanPos
instr_pos (const ChanModel *m, int instr)
{
  if (instr < 0)
    return chan_model_func (m, m->entry_func)->name_pos;
  return chan_model_instr (m, instr)->pos;
}

ChanPos
chan_finding_pos (const ChanModel *m, const ChanFinding *f)
{
  return instr_pos (m, f->instr);
}

static void
finding_free (gpointer p)
{
  ChanFinding *f = p;
  g_array_free (f->sites, TRUE);
  g_free (f);
}

/* ---- Tarjan ----------------------------------------------------------------- */

/* Fills COMP (per state) with component numbers, in the order Tarjan's
 * algorithm completes the components; returns their count.  Pearce's
 * variant ("A space-efficient algorithm for finding strongly connected
 * components", 2016) keeps one number a state, in COMP itself: the state's
 * visit index, lowered to the lowest index it reaches on the stack; once
 * its component is complete, n - the component's number, which no index
 * reaches (indexes are handed back as components complete).  Only the
 * stacks, as deep as the search goes, come on top. */
static uint32_t
tarjan (const ChanGraph *g, uint32_t *comp)
{
  /* indexes count up from 1 (0: not visited), component values down from
     N: an index is below every value, as at most N states are visited */
  uint32_t n = g->n_states, next_index = 1, last = n;
  uint32_t *rindex = comp;
  uint32_t *stack = g_new (uint32_t, n), sp = 0;
  /* the call stack: a state, where in its edges, whether it is still its
     component's root */
  uint32_t *call_v = g_new (uint32_t, n), csp = 0;
  uint64_t *call_e = g_new (uint64_t, n);
  uint8_t *call_root = g_new (uint8_t, n);

  for (uint32_t v = 0; v < n; v++)
    rindex[v] = 0;
  for (uint32_t start = 0; start < n; start++)
    {
      if (rindex[start] != 0)
        continue;
      rindex[start] = next_index++;
      call_v[csp] = start;
      call_e[csp] = 0;
      call_root[csp] = 1;
      csp++;
      while (csp > 0)
        {
          uint32_t v = call_v[csp - 1];
          ChanEdge edge;
          if (chan_graph_edge (g, v, &call_e[csp - 1], &edge))
            {
              uint32_t w = edge.target;
              if (rindex[w] == 0)
                {
                  rindex[w] = next_index++;
                  call_v[csp] = w;
                  call_e[csp] = 0;
                  call_root[csp] = 1;
                  csp++;
                }
              else if (rindex[w] < rindex[v])
                {
                  rindex[v] = rindex[w];
                  call_root[csp - 1] = 0;
                }
              continue;
            }
          if (call_root[csp - 1])
            {
              /* V's component: V and the states above it on the stack */
              next_index--;
              while (sp > 0 && rindex[v] <= rindex[stack[sp - 1]])
                {
                  rindex[stack[--sp]] = last;
                  next_index--;
                }
              rindex[v] = last--;
            }
          else
            stack[sp++] = v;
          csp--;
          if (csp > 0 && rindex[v] < rindex[call_v[csp - 1]])
            {
              rindex[call_v[csp - 1]] = rindex[v];
              call_root[csp - 1] = 0;
            }
        }
    }
  for (uint32_t v = 0; v < n; v++)
    comp[v] = n - rindex[v];
  g_free (stack);
  g_free (call_v);
  g_free (call_e);
  g_free (call_root);
  return n - last;
}

/* ---- findings -------------------------------------------------------------------- */

typedef struct {
  const ChanModel *model;
  GPtrArray *list;
  GHashTable *by_key;   /* "kind:line:column" -> ChanFinding* */
} Collector;

/* Keeps a finding of KIND at instruction INSTR (-1: the entry's name).
 * Findings are keyed by kind and source location (SPEC 3), not by
 * instruction: `m[k]++` reads and writes at one place, and a race there is
 * one finding, whichever of the two the shallowest witness crashes in. */
static void
note (Collector *c, ChanFindingKind kind, int instr, uint32_t state,
      int goroutine, int site, int reason)
{
  char key[64];
  ChanFinding *f;
  ChanPos pos = instr_pos (c->model, instr);
  g_snprintf (key, sizeof key, "%d:%d:%d", (int) kind, pos.line, pos.column);
  f = g_hash_table_lookup (c->by_key, key);
  if (f == NULL)
    {
      f = g_new0 (ChanFinding, 1);
      f->kind = kind;
      f->instr = instr;
      f->state = state;
      f->goroutine = goroutine;
      f->reason = reason;
      f->sites = g_array_new (FALSE, FALSE, sizeof (int));
      g_ptr_array_add (c->list, f);
      g_hash_table_insert (c->by_key, g_strdup (key), f);
    }
  else if (state < f->state)
    {
      /* a better witness: shallower, then first found (states are numbered
         breadth first, so that is the lower number) */
      f->instr = instr;
      f->state = state;
      f->goroutine = goroutine;
      f->reason = reason;
    }
  for (guint i = 0; i < f->sites->len; i++)
    if (g_array_index (f->sites, int, i) == site)
      return;
  g_array_append_val (f->sites, site);
}

typedef struct {
  int n;          /* goroutines */
  int first;      /* first pair index */
} StateInfo;

/* Who moved on an edge of a component, as (state, goroutine) pairs, or -1;
 * learnt by replaying the edge. */
typedef struct {
  int mover, partner;
  int exited;     /* the mover ended */
} Move;

static void
component (const ChanExec *x, const ChanGraph *g, GArray *states, Collector *c)
{
  ChanState *s = chan_state_new (x->model), *base = chan_state_new (x->model);
  GHashTable *local = g_hash_table_new (NULL, NULL);
  guint n = states->len;
  StateInfo *info = g_new0 (StateInfo, n);
  GArray *rest = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *site = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *entry = g_array_new (FALSE, FALSE, sizeof (int));
  uint32_t *parent;
  uint8_t *moved, *exits;
  int pairs = 0;
  gboolean entry_gone = TRUE;
  ChanChoice *choices = NULL;
  int cap_choices = 0;
  ChanBytes bytes = { 0 };
  GArray *moves = g_array_new (FALSE, FALSE, sizeof (Move));

  s->symmetry = base->symmetry = x->symmetry;

  for (guint k = 0; k < n; k++)
    {
      uint32_t v = g_array_index (states, uint32_t, k);
      g_hash_table_insert (local, GUINT_TO_POINTER (v), GUINT_TO_POINTER (k + 1));
      chan_graph_state (g, v, s);
      info[k].n = s->n_goroutines;
      info[k].first = pairs;
      pairs += s->n_goroutines;
      for (int r = 0; r < s->n_goroutines; r++)
        {
          int ri = chan_exec_rest_instr (s, r);
          int e = (s->goroutines[r].flags & CHAN_G_ENTRY) != 0;
          g_array_append_val (rest, ri);
          g_array_append_val (site, s->goroutines[r].site);
          g_array_append_val (entry, e);
          if (e)
            entry_gone = FALSE;
        }
    }
  parent = g_new (uint32_t, pairs > 0 ? pairs : 1);
  moved = g_new0 (uint8_t, pairs > 0 ? pairs : 1);
  exits = g_new0 (uint8_t, pairs > 0 ? pairs : 1);
  for (int i = 0; i < pairs; i++)
    parent[i] = (uint32_t) i;
  /* follow each goroutine along each edge: replay the edge to learn how
     the canonical order permuted the goroutines */
  for (guint k = 0; k < n; k++)
    {
      uint32_t v = g_array_index (states, uint32_t, k);
      int n_choices = 0;
      ChanEdge ed;
      for (uint64_t at = 0; chan_graph_edge (g, v, &at, &ed);)
        {
          guint kt = GPOINTER_TO_UINT (g_hash_table_lookup (local, GUINT_TO_POINTER (ed.target))) - 1;
          ChanStepInfo step;
          Move m;
          if (n_choices == 0)
            {
              chan_graph_state (g, v, base);
              n_choices = chan_exec_enabled (x, base, &choices, &cap_choices);
            }
          g_assert (ed.choice < (uint32_t) n_choices);
          /* each edge starts from a copy of the decoded state, as in the search */
          chan_state_copy (s, base);
          chan_exec_apply (x, s, &choices[ed.choice], &step);
          chan_state_encode (s, &bytes);
          for (int r = 0; r < info[k].n; r++)
            {
              int r2 = r;
              if (step.exited && r == step.mover)
                continue;
              if (step.exited && r > step.mover)
                r2 = r - 1;
              r2 = s->perm[r2];
              if (r2 < info[kt].n)
                chan_union_find_join (parent, (uint32_t) (info[k].first + r), (uint32_t) (info[kt].first + r2));
            }
          m.mover = step.mover >= 0 ? info[k].first + step.mover : -1;
          m.partner = step.partner >= 0 ? info[k].first + step.partner : -1;
          m.exited = step.exited;
          g_array_append_val (moves, m);
        }
    }
  for (guint i = 0; i < moves->len; i++)
    {
      const Move *m = &g_array_index (moves, Move, i);
      if (m->mover >= 0)
        {
          uint32_t cls = chan_union_find_root (parent, (uint32_t) m->mover);
          moved[cls] = 1;
          if (m->exited)
            exits[cls] = 1;
        }
      if (m->partner >= 0)
        moved[chan_union_find_root (parent, (uint32_t) m->partner)] = 1;
    }
  for (guint k = 0; k < n; k++)
    {
      uint32_t v = g_array_index (states, uint32_t, k);
      for (int r = 0; r < info[k].n; r++)
        {
          int p = info[k].first + r;
          uint32_t cls = chan_union_find_root (parent, (uint32_t) p);
          int is_entry = g_array_index (entry, int, p);
          int st = g_array_index (site, int, p);
          if (!moved[cls])
            note (c, is_entry ? CHAN_FINDING_DEADLOCK : CHAN_FINDING_LEAK,
                  g_array_index (rest, int, p), v, r, st, -1);
          else if (!exits[cls] && is_entry)
            note (c, CHAN_FINDING_RUNAWAY, -1, v, r, -1, -1);
          else if (!exits[cls] && entry_gone)
            note (c, CHAN_FINDING_RUNAWAY, st, v, r, st, -1);
        }
    }
  g_free (parent);
  g_free (moved);
  g_free (exits);
  g_free (info);
  g_array_free (rest, TRUE);
  g_array_free (site, TRUE);
  g_array_free (entry, TRUE);
  g_array_free (moves, TRUE);
  g_hash_table_destroy (local);
  g_free (choices);
  chan_bytes_free (&bytes);
  chan_state_free (base);
  chan_state_free (s);
}

static int
compare_findings (gconstpointer a, gconstpointer b, gpointer user)
{
  const ChanModel *m = user;
  const ChanFinding *fa = *(ChanFinding *const *) a, *fb = *(ChanFinding *const *) b;
  ChanPos pa = chan_finding_pos (m, fa), pb = chan_finding_pos (m, fb);
  if (pa.line != pb.line)
    return pa.line - pb.line;
  if (pa.column != pb.column)
    return pa.column - pb.column;
  return (int) fa->kind - (int) fb->kind;
}

static int
compare_int (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

GPtrArray *
chan_findings_compute (const ChanExec *x, const ChanGraph *g)
{
  Collector c;
  uint32_t n = g->n_states, n_comp;
  uint32_t *comp = g_new (uint32_t, n > 0 ? n : 1);
  uint8_t *bottom;
  GArray **members;
  ChanState *s = chan_state_new (x->model);

  c.model = x->model;
  c.list = g_ptr_array_new_with_free_func (finding_free);
  c.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n_comp = tarjan (g, comp);
  bottom = g_new (uint8_t, n_comp > 0 ? n_comp : 1);
  memset (bottom, 1, n_comp);
  for (uint32_t v = 0; v < n; v++)
    {
      if (!(g->flags[v] & CHAN_STATE_EXPANDED) || (g->flags[v] & (CHAN_STATE_CUT | CHAN_STATE_CRASHED)))
        bottom[comp[v]] = 0;
      else
        {
          ChanEdge edge;
          for (uint64_t at = 0; chan_graph_edge (g, v, &at, &edge);)
            if (comp[edge.target] != comp[v])
              {
                bottom[comp[v]] = 0;
                break;
              }
        }
    }
  members = g_new0 (GArray *, n_comp > 0 ? n_comp : 1);
  for (uint32_t v = 0; v < n; v++)
    if (bottom[comp[v]])
      {
        if (members[comp[v]] == NULL)
          members[comp[v]] = g_array_new (FALSE, FALSE, sizeof (uint32_t));
        g_array_append_val (members[comp[v]], v);
      }
  for (uint32_t k = 0; k < n_comp; k++)
    if (members[k])
      {
        component (x, g, members[k], &c);
        g_array_free (members[k], TRUE);
      }
  /* panics: crashed states */
  for (uint32_t v = 0; v < n; v++)
    if (g->flags[v] & CHAN_STATE_CRASHED)
      {
        chan_graph_state (g, v, s);
        note (&c, CHAN_FINDING_PANIC, s->crash_instr, v, -1, s->crash_site, s->crash_reason);
      }
  for (guint i = 0; i < c.list->len; i++)
    {
      ChanFinding *f = g_ptr_array_index (c.list, i);
      g_array_sort (f->sites, compare_int);
    }
  g_ptr_array_sort_with_data (c.list, compare_findings, (gpointer) x->model);
  g_free (members);
  g_free (bottom);
  g_free (comp);
  g_hash_table_destroy (c.by_key);
  chan_state_free (s);
  return c.list;
}
