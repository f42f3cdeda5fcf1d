/* checker/state.c -- the working state and its canonical encoding.
 * Owns: allocation inside a state (objects, frames, goroutines), the
 * breadth-first canonical numbering of objects, the byte encoding.
 * Not: instruction semantics (exec.c), the store (store.c).
 *
 * Encoding (all integers are LEB128 varints, signed ones zigzagged):
 *   crash, [crash_instr, crash_site, crash_reason]
 *   n_globals, globals...
 *   n_goroutines, for each: site, flags, wait, phase, panic_value, panic_instr,
 *     n_frames, for each frame: func, pc, ret_dst, flags, defers, finish, slots
 *     (the slot count is the function's n_slots)
 *   n_timer_roots, roots...
 *   n_objects, for each in canonical order: kind, type, n, slots...
 * A value is its kind byte followed by what the kind needs. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "checker/state.h"
#include "checker/varint.h"

#define GROW(ptr, cap, need)                                              \
  do {                                                                    \
    if ((need) > (cap)) {                                                 \
      int new_cap_ = (cap) ? (cap) * 2 : 16;                              \
      while (new_cap_ < (need)) new_cap_ *= 2;                            \
      (ptr) = g_realloc ((ptr), sizeof *(ptr) * (size_t) new_cap_);       \
      (cap) = new_cap_;                                                   \
    }                                                                     \
  } while (0)

ChanState *
chan_state_new (const ChanModel *model)
{
  ChanState *s = g_new0 (ChanState, 1);
  s->model = model;
  s->n_globals = model->n_globals;
  s->globals = g_new0 (ChanVal, model->n_globals > 0 ? model->n_globals : 1);
  return s;
}

void
chan_state_free (ChanState *s)
{
  if (s == NULL)
    return;
  for (int i = 0; i < s->cap_goroutines; i++)
    {
      g_free (s->goroutines[i].frames);
      g_free (s->goroutines[i].stack);
    }
  g_free (s->goroutines);
  g_free (s->globals);
  g_free (s->objects);
  g_free (s->heap);
  g_free (s->timer_roots);
  g_free (s->renumber);
  g_free (s->queue);
  g_free (s->perm);
  g_free (s->order);
  g_free (s->signature);
  g_free (s->tie_key);
  g_free (s->piece_ends);
  g_free (s->piece_shared);
  g_free (s->unpacked);
  g_free (s);
}

/* Makes room for N goroutines, keeping the buffers of existing slots. */
static void
reserve_goroutines (ChanState *s, int n)
{
  if (n > s->cap_goroutines)
    {
      int old = s->cap_goroutines;
      GROW (s->goroutines, s->cap_goroutines, n);
      memset (s->goroutines + old, 0,
              sizeof *s->goroutines * (size_t) (s->cap_goroutines - old));
    }
}

static void
goroutine_reserve (ChanGoroutine *g, int frames, int stack)
{
  GROW (g->frames, g->cap_frames, frames);
  GROW (g->stack, g->cap_stack, stack);
}

void
chan_state_copy (ChanState *d, const ChanState *s)
{
  d->model = s->model;
  d->n_globals = s->n_globals;
  if (s->n_globals > 0)
    memcpy (d->globals, s->globals, sizeof (ChanVal) * (size_t) s->n_globals);
  reserve_goroutines (d, s->n_goroutines);
  for (int i = 0; i < s->n_goroutines; i++)
    {
      const ChanGoroutine *sg = &s->goroutines[i];
      ChanGoroutine *dg = &d->goroutines[i];
      ChanFrame *frames = dg->frames;
      ChanVal *stack = dg->stack;
      int cap_frames = dg->cap_frames, cap_stack = dg->cap_stack;
      *dg = *sg;   /* then its own buffers back */
      dg->frames = frames;
      dg->stack = stack;
      dg->cap_frames = cap_frames;
      dg->cap_stack = cap_stack;
      goroutine_reserve (dg, sg->n_frames, sg->n_stack);
      if (sg->n_frames == 1)
        dg->frames[0] = sg->frames[0];   /* the common case, without a call */
      else if (sg->n_frames > 1)
        memcpy (dg->frames, sg->frames, sizeof (ChanFrame) * (size_t) sg->n_frames);
      if (sg->n_stack > 0)
        memcpy (dg->stack, sg->stack, sizeof (ChanVal) * (size_t) sg->n_stack);
    }
  d->n_goroutines = s->n_goroutines;
  GROW (d->objects, d->cap_objects, s->n_objects);
  if (s->n_objects > 0)
    memcpy (d->objects, s->objects, sizeof (ChanObject) * (size_t) s->n_objects);
  d->n_objects = s->n_objects;
  GROW (d->heap, d->heap_cap, s->heap_len);
  if (s->heap_len > 0)
    memcpy (d->heap, s->heap, sizeof (ChanVal) * (size_t) s->heap_len);
  d->heap_len = s->heap_len;
  GROW (d->timer_roots, d->cap_timer_roots, s->n_timer_roots);
  if (s->n_timer_roots > 0)
    memcpy (d->timer_roots, s->timer_roots, sizeof (uint32_t) * (size_t) s->n_timer_roots);
  d->n_timer_roots = s->n_timer_roots;
  d->crash = s->crash;
  d->crash_instr = s->crash_instr;
  d->crash_site = s->crash_site;
  d->crash_reason = s->crash_reason;
}

int
chan_state_alloc (ChanState *s, int kind, int type, int n)
{
  int obj = s->n_objects;
  GROW (s->objects, s->cap_objects, obj + 1);
  GROW (s->heap, s->heap_cap, s->heap_len + n);
  s->objects[obj].kind = kind;
  s->objects[obj].type = type;
  s->objects[obj].n = n;
  s->objects[obj].base = s->heap_len;
  if (n > 0)
    memset (s->heap + s->heap_len, 0, sizeof (ChanVal) * (size_t) n);
  s->heap_len += n;
  s->n_objects++;
  return obj;
}

ChanFrame *
chan_state_push_frame (ChanState *s, int gi, int func, int ret_dst, int flags)
{
  ChanGoroutine *g = &s->goroutines[gi];
  const ChanFunc *fn = chan_model_func (s->model, func);
  int base = g->n_stack;
  ChanFrame *f;

  goroutine_reserve (g, g->n_frames + 1, base + fn->n_slots);
  if (fn->n_slots > 0)
    memset (g->stack + base, 0, sizeof (ChanVal) * (size_t) fn->n_slots);
  g->n_stack = base + fn->n_slots;
  f = &g->frames[g->n_frames++];
  f->func = func;
  f->pc = 0;
  f->ret_dst = ret_dst;
  f->flags = flags;
  f->base = base;
  f->defers = chan_val_nil ();
  f->finish = chan_val_nil ();
  return f;
}

void
chan_state_pop_frame (ChanState *s, int gi)
{
  ChanGoroutine *g = &s->goroutines[gi];
  g_assert (g->n_frames > 0);
  g->n_stack = g->frames[g->n_frames - 1].base;
  g->n_frames--;
}

int
chan_state_spawn (ChanState *s, int func, const ChanVal *args, int n_args,
                  int site, int flags)
{
  int gi = s->n_goroutines;
  ChanGoroutine *g;
  ChanFrame *f;

  reserve_goroutines (s, gi + 1);
  s->n_goroutines++;
  g = &s->goroutines[gi];
  g->site = site;
  g->flags = flags;
  g->wait = 0;
  g->phase = 0;
  g->panic_value = chan_val_nil ();
  g->panic_instr = -1;
  g->n_frames = 0;
  g->n_stack = 0;
  f = chan_state_push_frame (s, gi, func, -1, CHAN_FRAME_DISCARD);
  if (n_args > 0)
    memcpy (s->goroutines[gi].stack + f->base, args, sizeof (ChanVal) * (size_t) n_args);
  return gi;
}

void
chan_state_remove_goroutine (ChanState *s, int gi)
{
  ChanGoroutine gone = s->goroutines[gi];
  memmove (s->goroutines + gi, s->goroutines + gi + 1,
           sizeof (ChanGoroutine) * (size_t) (s->n_goroutines - gi - 1));
  s->n_goroutines--;
  /* keep the removed goroutine's buffers for reuse */
  gone.n_frames = 0;
  gone.n_stack = 0;
  s->goroutines[s->n_goroutines] = gone;
}

void
chan_bytes_free (ChanBytes *b)
{
  g_free (b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

/* ---- encoding ---------------------------------------------------------- */

/* The encoder reserves the worst case up front (reserve), so writing a byte
 * needs no check. */
static inline uint8_t *
put_byte (uint8_t *p, uint8_t x)
{
  *p++ = x;
  return p;
}

/* A value takes at most 1 + 1 + 10 + 10 bytes. */
#define MAX_VAL_BYTES 24

static void
reserve (ChanBytes *b, size_t need)
{
  if (b->len + need > b->cap)
    {
      b->cap = MAX (b->cap * 2, b->len + need + 256);
      b->data = g_realloc (b->data, b->cap);
    }
}

static inline uint8_t *
put_uint (uint8_t *p, uint64_t x)
{
  return p + chan_varint_put (p, x);
}

static inline uint8_t *
put_int (uint8_t *p, int64_t x)
{
  return put_uint (p, chan_zigzag (x));
}

/* The slots of a frame that a state stores: its function's live slots at
 * its pc (ChanFunc.live_list), or every slot past the end of the code.
 * Dead slots are not encoded (the decoder knows which). */
typedef struct {
  const int *list;   /* NULL: slots 0 .. n - 1 */
  int n;
} LiveSlots;

static inline LiveSlots
frame_live (const ChanState *s, const ChanFrame *f)
{
  const ChanFunc *fn = chan_model_func (s->model, f->func);
  LiveSlots ls = { NULL, fn->n_slots };
  if (fn->live_start != NULL && f->pc < (int) fn->code->len)
    {
      ls.list = fn->live_list + fn->live_start[f->pc];
      ls.n = fn->live_start[f->pc + 1] - fn->live_start[f->pc];
    }
  return ls;
}

static inline int
live_slot (LiveSlots ls, int i)
{
  return ls.list != NULL ? ls.list[i] : i;
}

/* Does value V refer to an object, and which? */
static inline int
val_object (const ChanVal *v)
{
  enum {
    BY_REF = 1 << CHAN_VAL_AGG | 1 << CHAN_VAL_PTR | 1 << CHAN_VAL_CHAN
             | 1 << CHAN_VAL_SLICE | 1 << CHAN_VAL_MAP
  };
  if ((1u << v->kind) & BY_REF)
    return (int) v->ref;
  if (v->kind == CHAN_VAL_FUNC && v->num > 0)
    return (int) v->num - 1;
  return -1;
}

/* Gives OBJ its canonical number if it has none yet. */
static inline void
reach (ChanState *s, int obj, int *n_reached)
{
  if (obj >= 0 && s->renumber[obj] < 0)
    {
      s->renumber[obj] = *n_reached;
      s->queue[(*n_reached)++] = (uint32_t) obj;
    }
}

static inline void
reach_val (ChanState *s, const ChanVal *v, int *n_reached)
{
  reach (s, val_object (v), n_reached);
}

/* ---- reachability (reduce.c) ------------------------------------------- */

/* Makes room in the scratch of object walks (renumber, queue) for every
 * object of S. */
static void
reserve_walk (ChanState *s)
{
  if (s->cap_renumber < s->n_objects)
    {
      s->cap_renumber = s->n_objects * 2 + 16;
      s->renumber = g_realloc (s->renumber, sizeof (int) * (size_t) s->cap_renumber);
      s->queue = g_realloc (s->queue, sizeof (uint32_t) * (size_t) s->cap_renumber);
    }
}

/* Marks OBJ and everything reachable from it; s->queue is the work list. */
static G_GNUC_NO_INLINE void
reach_mark_walk (ChanState *s, int obj, uint64_t *bits)
{
  int head = 0, tail = 0;
  reserve_walk (s);
  bits[obj >> 6] |= (uint64_t) 1 << (obj & 63);
  s->queue[tail++] = (uint32_t) obj;
  while (head < tail)
    {
      const ChanObject *o = &s->objects[s->queue[head++]];
      for (int k = 0; k < o->n; k++)
        {
          int next = val_object (&s->heap[o->base + k]);
          if (next >= 0 && next < s->n_objects && !((bits[next >> 6] >> (next & 63)) & 1))
            {
              bits[next >> 6] |= (uint64_t) 1 << (next & 63);
              s->queue[tail++] = (uint32_t) next;
            }
        }
    }
}

/* Marks OBJ (if an object, and not marked yet) and everything reachable
 * from it. */
static inline void
reach_mark (ChanState *s, int obj, uint64_t *bits)
{
  if (obj >= 0 && obj < s->n_objects && !((bits[obj >> 6] >> (obj & 63)) & 1))
    reach_mark_walk (s, obj, bits);
}

void
chan_state_reach_value (ChanState *s, const ChanVal *v, uint64_t *bits)
{
  reach_mark (s, val_object (v), bits);
}

void
chan_state_reach_goroutine (ChanState *s, int gi, uint64_t *bits)
{
  const ChanGoroutine *g = &s->goroutines[gi];
  for (int fi = 0; fi < g->n_frames; fi++)
    {
      const ChanFrame *f = &g->frames[fi];
      LiveSlots ls = frame_live (s, f);
      reach_mark (s, val_object (&f->defers), bits);
      reach_mark (s, val_object (&f->finish), bits);
      for (int i = 0; i < ls.n; i++)
        reach_mark (s, val_object (&g->stack[f->base + live_slot (ls, i)]), bits);
    }
  reach_mark (s, val_object (&g->panic_value), bits);
}

void
chan_state_reach_globals (ChanState *s, uint64_t *bits)
{
  for (int i = 0; i < s->n_globals; i++)
    reach_mark (s, val_object (&s->globals[i]), bits);
}

/* The kind byte's high bit says that flags (and for NIL and INT, ref)
 * follow: most values have neither, and a state is mostly values.  Bit 6
 * alone says the value is untracked (CHAN_VAL_UNTRACKED): nothing follows. */
#define EXTRA 0x80
#define UNTRACKED 0x40

/* put_val's cases but nil and plain integers: V's object, if any, is
 * numbered first. */
static G_GNUC_NO_INLINE uint8_t *
put_val_rare (uint8_t *p, ChanState *s, const ChanVal *v, int *n_reached)
{
  switch (v->kind)
    {
    case CHAN_VAL_NIL:
      if (v->flags == 0)
        {
          p = put_byte (p, CHAN_VAL_NIL);
          break;
        }
      p = put_byte (p, CHAN_VAL_NIL | EXTRA);
      p = put_byte (p, v->flags);
      if (v->flags & CHAN_NIL_MAP)
        p = put_uint (p, v->ref);   /* the map's type, for its zero values */
      break;
    case CHAN_VAL_INT:
      if (chan_val_is_untracked (v))
        return put_byte (p, (uint8_t) (v->kind | UNTRACKED));
      /* channel meta words keep the count in ref and closed in flags */
      if (v->flags == 0 && v->ref == 0)
        {
          p = put_byte (p, v->kind);
          p = put_int (p, v->num);
          break;
        }
      p = put_byte (p, v->kind | EXTRA);
      p = put_int (p, v->num);
      p = put_byte (p, v->flags);
      p = put_uint (p, v->ref);
      break;
    case CHAN_VAL_BOOL:
      if (chan_val_is_untracked (v))
        return put_byte (p, (uint8_t) (v->kind | UNTRACKED));
      p = put_byte (p, v->kind);
      p = put_byte (p, (uint8_t) v->num);
      break;
    case CHAN_VAL_STRING:
      p = put_byte (p, v->kind);
      p = put_uint (p, v->ref);
      break;
    case CHAN_VAL_UNKNOWN:
      if (chan_val_is_untracked (v))
        return put_byte (p, (uint8_t) (v->kind | UNTRACKED));
      p = put_byte (p, v->kind);
      p = put_byte (p, v->flags);
      if (v->flags & (CHAN_UNKNOWN_NOT_NUM | CHAN_UNKNOWN_NOT_STR))
        p = put_int (p, v->num);
      break;
    case CHAN_VAL_FUNC:
      p = put_byte (p, v->kind);
      p = put_byte (p, v->flags);   /* bit 0: a library function (cancel) */
      p = put_uint (p, v->ref);
      if (v->num > 0)
        {
          reach (s, (int) v->num - 1, n_reached);
          p = put_uint (p, (uint64_t) s->renumber[v->num - 1] + 1);
        }
      else
        p = put_byte (p, 0);
      break;
    case CHAN_VAL_PTR:
      reach (s, (int) v->ref, n_reached);
      p = put_byte (p, v->kind);
      p = put_uint (p, (uint64_t) s->renumber[v->ref]);
      p = put_int (p, v->num);
      break;
    case CHAN_VAL_SLICE:
      reach (s, (int) v->ref, n_reached);
      p = put_byte (p, v->kind);
      p = put_uint (p, (uint64_t) s->renumber[v->ref]);
      p = put_uint (p, (uint64_t) v->num);
      break;
    default: /* AGG, CHAN, MAP */
      reach (s, (int) v->ref, n_reached);
      p = put_byte (p, v->kind);
      p = put_uint (p, (uint64_t) s->renumber[v->ref]);
      break;
    }
  return p;
}

/* The first 8 bytes of V (kind, flags, spare, ref) as one word, which
 * tells the common values apart with one comparison. */
static inline uint64_t
val_head (const ChanVal *v)
{
  uint64_t head;
  memcpy (&head, v, sizeof head);
  return head;
}

G_STATIC_ASSERT (offsetof (ChanVal, num) == sizeof (uint64_t));

/* val_head of an INT with no flags and ref 0 (a plain integer). */
static inline uint64_t
int_head (void)
{
  ChanVal v = chan_val_int (0);
  return val_head (&v);
}

/* Writes value V, first giving the object it refers to its walk number if
 * it has none yet: the encoder writes values in the order the walk numbers
 * them, so writing and numbering are one pass. */
static inline uint8_t *
put_val (uint8_t *p, ChanState *s, const ChanVal *v, int *n_reached)
{
  uint64_t head = val_head (v);
  if (head == int_head ())
    return put_int (put_byte (p, CHAN_VAL_INT), v->num);
  if (head == 0)   /* NIL without flags */
    return put_byte (p, CHAN_VAL_NIL);
  if (v->kind == CHAN_VAL_CHAN || v->kind == CHAN_VAL_AGG)
    {
      reach (s, (int) v->ref, n_reached);
      p = put_byte (p, v->kind);
      return put_uint (p, (uint64_t) s->renumber[v->ref]);
    }
  return put_val_rare (p, s, v, n_reached);
}

static inline uint64_t
mix (uint64_t h, uint64_t x)
{
  h = (h ^ x) * 0xff51afd7ed558ccdULL;
  return h ^ (h >> 29);
}

/* A goroutine's signature: everything about it but object identities. */
static uint64_t
goroutine_signature (const ChanState *s, const ChanGoroutine *g)
{
  uint64_t h = mix (0, (uint64_t) (g->site + 1));
  h = mix (h, (uint64_t) g->flags);
  h = mix (h, ((uint64_t) g->phase << 32) | (uint32_t) g->wait);
  h = mix (h, (uint64_t) g->n_frames);
  for (int fi = 0; fi < g->n_frames; fi++)
    {
      const ChanFrame *f = &g->frames[fi];
      LiveSlots ls = frame_live (s, f);
      const ChanVal *slots = g->stack + f->base;
      h = mix (h, ((uint64_t) f->func << 32) | (uint32_t) f->pc);
      h = mix (h, (uint64_t) f->defers.kind);
      for (int i = 0; i < ls.n; i++)
        {
          const ChanVal *v = &slots[live_slot (ls, i)];
          int obj = val_object (v);
          h = mix (h, ((uint64_t) v->kind << 8) | v->flags);
          if (obj >= 0)
            h = mix (h, ((uint64_t) s->objects[obj].kind << 32) | (uint32_t) s->objects[obj].type);
          else
            h = mix (h, (uint64_t) v->num ^ ((uint64_t) v->ref << 40));
        }
    }
  return h;
}

/* Roots of goroutine G's frames get their walk numbers (those they have no
 * number yet). */
static void
reach_goroutine_roots (ChanState *s, const ChanGoroutine *g, int *n_reached)
{
  for (int fi = 0; fi < g->n_frames; fi++)
    {
      const ChanFrame *f = &g->frames[fi];
      LiveSlots ls = frame_live (s, f);
      const ChanVal *slots = g->stack + f->base;
      reach_val (s, &f->defers, n_reached);
      reach_val (s, &f->finish, n_reached);
      for (int i = 0; i < ls.n; i++)
        reach_val (s, &slots[live_slot (ls, i)], n_reached);
    }
  reach_val (s, &g->panic_value, n_reached);
}

/* Sorts ORDER[LO, HI) by KEY[ORDER[i]], stably (equal keys keep their
 * order); an insertion sort, for a few goroutines. */
static void
sort_by_key (int *order, int lo, int hi, const uint64_t *key)
{
  for (int i = lo + 1; i < hi; i++)
    {
      int x = order[i], j = i - 1;
      while (j >= lo && key[order[j]] > key[x])
        {
          order[j + 1] = order[j];
          j--;
        }
      order[j + 1] = x;
    }
}

/* Numbers everything the objects queued from *WALKED on reach, breadth
 * first (the queue grows as it goes). */
static void
walk_queue (ChanState *s, int *walked, int *n_reached)
{
  for (; *walked < *n_reached; (*walked)++)
    {
      const ChanObject *o = &s->objects[s->queue[*walked]];
      for (int k = 0; k < o->n; k++)
        reach_val (s, &s->heap[o->base + k], n_reached);
    }
}

/* Is goroutine s->order[K] in a run of equal signatures (a tie)? */
static inline gboolean
in_tie (const ChanState *s, int k)
{
  uint64_t sig = s->signature[s->order[k]];
  return (k > 0 && s->signature[s->order[k - 1]] == sig)
         || (k + 1 < s->n_goroutines && s->signature[s->order[k + 1]] == sig);
}

/* Goroutines with one signature may still differ in the objects they hold
 * (philosophers, each with its own forks).  Keeping such ties in the order
 * of the state at hand would make the encoding depend on the path that
 * reached it, so each tie is ordered by the numbers the objects its
 * goroutines hold got in the walk so far: from the globals and the
 * goroutines with a signature of their own (the fork a philosopher holds is
 * the k-th element of the array main holds).  Goroutines that still tie
 * hold objects only they reach (or none) and keep their order. */
static void
order_ties (ChanState *s)
{
  int n = s->n_goroutines;
  for (int start = 0; start < n; )
    {
      int end = start + 1;
      while (end < n && s->signature[s->order[end]] == s->signature[s->order[start]])
        end++;
      if (end - start > 1)
        {
          /* the key: the walk numbers of what each goroutine holds */
          for (int k = start; k < end; k++)
            {
              const ChanGoroutine *g = &s->goroutines[s->order[k]];
              uint64_t h = 0;
              for (int fi = 0; fi < g->n_frames; fi++)
                {
                  LiveSlots ls = frame_live (s, &g->frames[fi]);
                  const ChanVal *slots = g->stack + g->frames[fi].base;
                  for (int i = 0; i < ls.n; i++)
                    {
                      int obj = val_object (&slots[live_slot (ls, i)]);
                      if (obj >= 0)
                        h = mix (h, (uint64_t) (uint32_t) (s->renumber[obj] + 1));
                    }
                }
              s->tie_key[s->order[k]] = h;
            }
          sort_by_key (s->order, start, end, s->tie_key);
        }
      start = end;
    }
}

/* Fills s->order with the goroutines sorted by signature (with symmetry
 * on); returns whether some signatures tie (order_ties finishes then). */
static gboolean
order_goroutines (ChanState *s)
{
  int n = s->n_goroutines;
  if (n > s->cap_order)
    {
      s->cap_order = n * 2 + 8;
      s->order = g_realloc (s->order, sizeof (int) * (size_t) s->cap_order);
      s->perm = g_realloc (s->perm, sizeof (int) * (size_t) s->cap_order);
      s->signature = g_realloc (s->signature, sizeof (uint64_t) * (size_t) s->cap_order);
      s->tie_key = g_realloc (s->tie_key, sizeof (uint64_t) * (size_t) s->cap_order);
    }
  if (s->perm == NULL)
    {
      s->cap_order = 8;
      s->order = g_new (int, 8);
      s->perm = g_new (int, 8);
      s->signature = g_new (uint64_t, 8);
      s->tie_key = g_new (uint64_t, 8);
    }
  for (int i = 0; i < n; i++)
    s->order[i] = i;
  if (s->symmetry && n > 1)
    {
      for (int i = 0; i < n; i++)
        s->signature[i] = (s->goroutines[i].flags & CHAN_G_ENTRY) ? 0 : goroutine_signature (s, &s->goroutines[i]) | 1;
      sort_by_key (s->order, 0, n, s->signature);
      for (int k = 1; k < n; k++)
        if (s->signature[s->order[k]] == s->signature[s->order[k - 1]])
          return TRUE;
    }
  return FALSE;
}

/* Makes room for NEED more bytes at the cursor P of B; returns the cursor
 * (B's data may move). */
static inline uint8_t *
room (ChanBytes *b, uint8_t *p, size_t need)
{
  b->len = (size_t) (p - b->data);
  if (G_UNLIKELY (b->len + need > b->cap))
    reserve (b, need);
  return b->data + b->len;
}

/* Ends a piece of the encoding (chan_state_split) at byte AT. */
static inline void
cut_piece (ChanState *s, size_t at, uint8_t shared)
{
  if (G_UNLIKELY (s->n_pieces == s->cap_pieces))
    {
      s->cap_pieces = s->cap_pieces * 2 + 16;
      s->piece_ends = g_realloc (s->piece_ends, sizeof (uint32_t) * (size_t) s->cap_pieces);
      s->piece_shared = g_realloc (s->piece_shared, (size_t) s->cap_pieces);
    }
  s->piece_ends[s->n_pieces] = (uint32_t) at;
  s->piece_shared[s->n_pieces++] = shared;
}

void
chan_state_encode (ChanState *s, ChanBytes *b)
{
  int n_reached = 0;
  gboolean ties;
  size_t count_at;
  int count_piece;      /* the piece that ends after the object count */
  uint8_t *p;   /* the write cursor: a local, so that stores do not reload it */

  ties = order_goroutines (s);

  reserve_walk (s);
  for (int i = 0; i < s->n_objects; i++)
    s->renumber[i] = -1;

  /* Objects are numbered as the writing below meets them: roots in order,
     then breadth first (the objects are written in queue order, and
     numbering what an object refers to as it is written is the walk).
     With ties, first the globals and the goroutines outside ties and all
     they reach, which orders the ties (order_ties); writing then numbers
     only what the tied goroutines add, in the same order. */
  if (ties)
    {
      int walked = 0;
      for (int i = 0; i < s->n_globals; i++)
        reach_val (s, &s->globals[i], &n_reached);
      for (int gk = 0; gk < s->n_goroutines; gk++)
        if (!in_tie (s, gk))
          reach_goroutine_roots (s, &s->goroutines[s->order[gk]], &n_reached);
      walk_queue (s, &walked, &n_reached);
      order_ties (s);
    }
  for (int k = 0; k < s->n_goroutines; k++)
    s->perm[s->order[k]] = k;

  /* the pieces, as chan_state_split cuts them: the head, each goroutine,
     the counts between, each object */
  s->n_pieces = 0;
  b->len = 0;
  reserve (b, ((size_t) s->n_globals + 8) * MAX_VAL_BYTES);
  p = b->data;
  p = put_uint (p, (uint64_t) s->crash);
  if (s->crash != CHAN_CRASH_NONE)
    {
      p = put_int (p, s->crash_instr);
      p = put_int (p, s->crash_site);
      p = put_int (p, s->crash_reason);
    }
  p = put_uint (p, (uint64_t) s->n_globals);
  for (int i = 0; i < s->n_globals; i++)
    p = put_val (p, s, &s->globals[i], &n_reached);
  p = put_uint (p, (uint64_t) s->n_goroutines);
  cut_piece (s, (size_t) (p - b->data), 0);
  for (int gk = 0; gk < s->n_goroutines; gk++)
    {
      ChanGoroutine *g = &s->goroutines[s->order[gk]];
      p = room (b, p, (8 + (size_t) g->n_frames * 8 + (size_t) g->n_stack) * MAX_VAL_BYTES);
      /* the panic value is written first but numbered after the frames */
      if (G_UNLIKELY (val_object (&g->panic_value) >= 0))
        reach_goroutine_roots (s, g, &n_reached);
      p = put_int (p, g->site);
      p = put_uint (p, (uint64_t) g->flags);
      p = put_int (p, g->wait);
      p = put_int (p, g->phase);
      p = put_val (p, s, &g->panic_value, &n_reached);
      p = put_int (p, g->panic_instr);
      p = put_uint (p, (uint64_t) g->n_frames);
      for (int fi = 0; fi < g->n_frames; fi++)
        {
          ChanFrame *f = &g->frames[fi];
          LiveSlots ls = frame_live (s, f);
          const ChanVal *slots = g->stack + f->base;
          p = put_uint (p, (uint64_t) f->func);
          p = put_uint (p, (uint64_t) f->pc);
          p = put_int (p, f->ret_dst);
          p = put_uint (p, (uint64_t) f->flags);
          p = put_val (p, s, &f->defers, &n_reached);
          p = put_val (p, s, &f->finish, &n_reached);
          if (ls.list != NULL)
            for (int i = 0; i < ls.n; i++)
              p = put_val (p, s, &slots[ls.list[i]], &n_reached);
          else
            for (int i = 0; i < ls.n; i++)
              p = put_val (p, s, &slots[i], &n_reached);
        }
      cut_piece (s, (size_t) (p - b->data), 1);
    }
  p = room (b, p, ((size_t) s->n_timer_roots + 2) * MAX_VAL_BYTES);
  p = put_uint (p, (uint64_t) s->n_timer_roots);
  for (int i = 0; i < s->n_timer_roots; i++)
    {
      reach (s, (int) s->timer_roots[i], &n_reached);
      p = put_uint (p, (uint64_t) s->renumber[s->timer_roots[i]]);
    }
  /* The object count is known once they are written: one byte is kept for
     it, the objects move when it needs more. */
  count_at = (size_t) (p - b->data);
  p++;
  count_piece = s->n_pieces;
  cut_piece (s, (size_t) (p - b->data), 0);
  for (int q = 0; q < n_reached; q++)
    {
      const ChanObject *o = &s->objects[s->queue[q]];
      const ChanVal *slots = s->heap + o->base;
      p = room (b, p, (4 + (size_t) o->n) * MAX_VAL_BYTES);
      p = put_uint (p, (uint64_t) o->kind);
      p = put_int (p, o->type);
      p = put_uint (p, (uint64_t) o->n);
      for (int k = 0; k < o->n; k++)
        p = put_val (p, s, &slots[k], &n_reached);
      cut_piece (s, (size_t) (p - b->data), 1);
    }
  if (n_reached < 0x80)
    b->data[count_at] = (uint8_t) n_reached;
  else
    {
      uint8_t count[10];
      size_t count_len = (size_t) (put_uint (count, (uint64_t) n_reached) - count);
      size_t objects_len = (size_t) (p - b->data) - count_at - 1;
      p = room (b, p, count_len);
      memmove (b->data + count_at + count_len, b->data + count_at + 1, objects_len);
      memcpy (b->data + count_at, count, count_len);
      p += count_len - 1;
      for (int k = count_piece; k < s->n_pieces; k++)
        s->piece_ends[k] += (uint32_t) (count_len - 1);
    }
  b->len = (size_t) (p - b->data);
}

/* ---- decoding ---------------------------------------------------------- */

typedef struct {
  const uint8_t *p, *end;
} Reader;

static inline uint64_t
get_uint (Reader *r)
{
  uint64_t x = 0;
  int shift = 0;
  if (G_LIKELY (r->p < r->end && *r->p < 0x80))
    return *r->p++;
  while (r->p < r->end)
    {
      uint8_t byte = *r->p++;
      x |= (uint64_t) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        break;
      shift += 7;
    }
  return x;
}

static inline int64_t
get_int (Reader *r)
{
  return chan_unzigzag (get_uint (r));
}

/* get_val's cases but nil and plain integers. */
static G_GNUC_NO_INLINE void
get_val_rare (Reader *r, ChanVal *v)
{
  uint8_t kind_byte;
  memset (v, 0, sizeof *v);
  kind_byte = *r->p++;
  if (kind_byte & UNTRACKED)
    {
      v->kind = kind_byte & ~UNTRACKED;
      v->flags = CHAN_VAL_UNTRACKED;
      return;
    }
  v->kind = kind_byte & ~EXTRA;
  switch (v->kind)
    {
    case CHAN_VAL_NIL:
      if (kind_byte & EXTRA)
        {
          v->flags = *r->p++;
          if (v->flags & CHAN_NIL_MAP)
            v->ref = (uint32_t) get_uint (r);
        }
      break;
    case CHAN_VAL_INT:
      v->num = get_int (r);
      if (kind_byte & EXTRA)
        {
          v->flags = *r->p++;
          v->ref = (uint32_t) get_uint (r);
        }
      break;
    case CHAN_VAL_BOOL:
      v->num = *r->p++;
      break;
    case CHAN_VAL_STRING:
      v->ref = (uint32_t) get_uint (r);
      break;
    case CHAN_VAL_UNKNOWN:
      v->flags = *r->p++;
      if (v->flags & (CHAN_UNKNOWN_NOT_NUM | CHAN_UNKNOWN_NOT_STR))
        v->num = get_int (r);
      break;
    case CHAN_VAL_FUNC:
      v->flags = *r->p++;
      v->ref = (uint32_t) get_uint (r);
      v->num = (int64_t) get_uint (r);
      break;
    case CHAN_VAL_PTR:
      v->ref = (uint32_t) get_uint (r);
      v->num = get_int (r);
      break;
    case CHAN_VAL_SLICE:
      v->ref = (uint32_t) get_uint (r);
      v->num = (int64_t) get_uint (r);
      break;
    default:
      v->ref = (uint32_t) get_uint (r);
      break;
    }
}

static inline void
get_val (Reader *r, ChanVal *v)
{
  if (*r->p == CHAN_VAL_NIL)
    {
      r->p++;
      *v = chan_val_nil ();
    }
  else if (*r->p == CHAN_VAL_INT)
    {
      r->p++;
      *v = chan_val_int (get_int (r));
    }
  else
    get_val_rare (r, v);
}

int
chan_state_split (const ChanModel *model, const uint8_t *data, size_t len, uint32_t *ends,
                  uint8_t *shared, int max)
{
  Reader r = { data, data + len };
  ChanVal v;
  int n = 0, n_goroutines, n_objects;

#define CUT(is_shared)                                                     \
  do {                                                                     \
    if (n >= max)                                                          \
      return -1;                                                           \
    ends[n] = (uint32_t) (r.p - data);                                     \
    shared[n++] = (is_shared);                                             \
  } while (0)

  if (get_uint (&r) != CHAN_CRASH_NONE)
    {
      get_int (&r);
      get_int (&r);
      get_int (&r);
    }
  for (int i = (int) get_uint (&r); i > 0; i--)
    get_val (&r, &v);
  n_goroutines = (int) get_uint (&r);
  CUT (0);
  for (int gi = 0; gi < n_goroutines; gi++)
    {
      get_int (&r);                 /* site */
      get_uint (&r);                /* flags */
      get_int (&r);                 /* wait */
      get_int (&r);                 /* phase */
      get_val (&r, &v);             /* panic value */
      get_int (&r);                 /* panic instruction */
      for (int fi = (int) get_uint (&r); fi > 0; fi--)
        {
          ChanFrame f = { 0 };
          ChanState view = { .model = model };
          LiveSlots ls;
          f.func = (int) get_uint (&r);
          f.pc = (int) get_uint (&r);
          ls = frame_live (&view, &f);
          get_int (&r);             /* ret_dst */
          get_uint (&r);            /* flags */
          get_val (&r, &v);         /* defers */
          get_val (&r, &v);         /* finish */
          for (int i = 0; i < ls.n; i++)
            get_val (&r, &v);
        }
      CUT (1);
    }
  for (int i = (int) get_uint (&r); i > 0; i--)
    get_uint (&r);                  /* timer roots */
  n_objects = (int) get_uint (&r);
  CUT (0);
  for (int q = 0; q < n_objects; q++)
    {
      get_uint (&r);                /* kind */
      get_int (&r);                 /* type */
      for (int k = (int) get_uint (&r); k > 0; k--)
        get_val (&r, &v);
      CUT (1);
    }
#undef CUT
  g_assert (r.p == r.end);
  return n;
}

void
chan_state_decode (ChanState *s, const uint8_t *data, size_t len)
{
  Reader r = { data, data + len };
  int n_goroutines, n_objects;

  s->crash = (ChanCrash) get_uint (&r);
  if (s->crash != CHAN_CRASH_NONE)
    {
      s->crash_instr = (int) get_int (&r);
      s->crash_site = (int) get_int (&r);
      s->crash_reason = (int) get_int (&r);
    }
  else
    s->crash_instr = s->crash_site = s->crash_reason = -1;
  s->n_globals = (int) get_uint (&r);
  for (int i = 0; i < s->n_globals; i++)
    get_val (&r, &s->globals[i]);
  n_goroutines = (int) get_uint (&r);
  reserve_goroutines (s, n_goroutines);
  s->n_goroutines = n_goroutines;
  for (int gi = 0; gi < n_goroutines; gi++)
    {
      ChanGoroutine *g = &s->goroutines[gi];
      int n_frames;
      g->site = (int) get_int (&r);
      g->flags = (int) get_uint (&r);
      g->wait = (int) get_int (&r);
      g->phase = (int) get_int (&r);
      get_val (&r, &g->panic_value);
      g->panic_instr = (int) get_int (&r);
      n_frames = (int) get_uint (&r);
      GROW (g->frames, g->cap_frames, n_frames);
      g->n_frames = n_frames;
      g->n_stack = 0;
      for (int fi = 0; fi < n_frames; fi++)
        {
          ChanFrame *f = &g->frames[fi];
          const ChanFunc *fn;
          ChanVal *slots;
          LiveSlots ls;
          f->func = (int) get_uint (&r);
          f->pc = (int) get_uint (&r);
          f->ret_dst = (int) get_int (&r);
          f->flags = (int) get_uint (&r);
          f->base = g->n_stack;
          get_val (&r, &f->defers);
          get_val (&r, &f->finish);
          fn = chan_model_func (s->model, f->func);
          GROW (g->stack, g->cap_stack, f->base + fn->n_slots);
          g->n_stack = f->base + fn->n_slots;
          slots = g->stack + f->base;
          ls = frame_live (s, f);
          if (ls.list != NULL)
            {
              /* dead slots are NIL */
              memset (slots, 0, sizeof (ChanVal) * (size_t) fn->n_slots);
              for (int i = 0; i < ls.n; i++)
                get_val (&r, &slots[ls.list[i]]);
            }
          else
            for (int i = 0; i < ls.n; i++)
              get_val (&r, &slots[i]);
        }
    }
  s->n_timer_roots = (int) get_uint (&r);
  GROW (s->timer_roots, s->cap_timer_roots, s->n_timer_roots);
  for (int i = 0; i < s->n_timer_roots; i++)
    s->timer_roots[i] = (uint32_t) get_uint (&r);
  n_objects = (int) get_uint (&r);
  GROW (s->objects, s->cap_objects, n_objects);
  s->n_objects = n_objects;
  s->heap_len = 0;
  for (int q = 0; q < n_objects; q++)
    {
      ChanObject *o = &s->objects[q];
      ChanVal *slots;
      o->kind = (int) get_uint (&r);
      o->type = (int) get_int (&r);
      o->n = (int) get_uint (&r);
      o->base = s->heap_len;
      GROW (s->heap, s->heap_cap, s->heap_len + o->n);
      s->heap_len += o->n;
      slots = s->heap + o->base;
      for (int k = 0; k < o->n; k++)
        get_val (&r, &slots[k]);
    }
  g_assert (r.p == r.end);
}
