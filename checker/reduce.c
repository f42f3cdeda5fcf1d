/* checker/reduce.c -- stubborn sets over actors.
 * Owns: chan_reduce_prepare, chan_reduce_add_successor, chan_reduce_choose.
 * An actor is a goroutine or a timer whose fire transition is enabled; a
 * stubborn set is a set of actors C closed under "may interfere": when an
 * actor a is in C, so is every actor that can reach (from its live slots,
 * deferred calls and panic value; everyone can reach the globals) an object
 * that a's next step touched, or that a's resting instruction operates on,
 * or that the instruction a goroutine rests at after the step operates on
 * (arriving at a receive on c makes a sender on c able to go: other
 * goroutines' resting places matter only through the objects they operate
 * on).  The search follows every enabled
 * transition of the actors in C and no other.
 * Not: recording what steps touch (exec.c), the cycle proviso (explore.c).
 *
 * Why this is enough (doc/partial-order.md has the whole argument): an
 * actor outside C cannot reach any object C's transitions depend on, and
 * only an actor that reaches an object can hand it to another, so along
 * any path of actors outside C those objects stay untouched: the paths
 * commute with C's transitions (D1), and a blocked actor of C stays blocked
 * (D2).  With the proviso that every cycle of the reduced graph has a fully
 * expanded state, every finding of SPEC 3 (stuck goroutines in bottom
 * components, runaways, panics, cut states) is kept and none is added. */
#include <string.h>
#include <glib.h>
#include "checker/reduce.h"

#define MAX_ACTORS 64

struct ChanReducer {
  /* the state being reduced (chan_reduce_prepare) */
  ChanState *state;         /* borrowed */
  int n_choices, n_actors;
  int *actor_of;            /* per choice, its actor */
  int cap_choices;
  int timers[MAX_ACTORS];   /* actor n_goroutines + i is timer object timers[i] */
  int enabled[MAX_ACTORS];  /* choices per actor */
  int words;                /* words of an object bitset */
  int cap_words;
  uint64_t *reach;          /* MAX_ACTORS bitsets: what each actor reaches */
  uint64_t *access;         /* MAX_ACTORS bitsets: what its next step needs */
  uint64_t *globals;        /* one bitset: reachable from the globals */
  uint64_t *scratch;        /* a bitset over a successor's objects */
  int cap_scratch;
};

ChanReducer *
chan_reducer_new (void)
{
  return g_new0 (ChanReducer, 1);
}

void
chan_reducer_free (ChanReducer *r)
{
  if (r == NULL)
    return;
  g_free (r->actor_of);
  g_free (r->reach);
  g_free (r->access);
  g_free (r->globals);
  g_free (r->scratch);
  g_free (r);
}

static void
reserve (ChanReducer *r, int n_objects)
{
  r->words = n_objects / 64 + 1;
  if (r->words > r->cap_words)
    {
      r->cap_words = r->words * 2;
      r->reach = g_realloc (r->reach, sizeof (uint64_t) * (size_t) r->cap_words * MAX_ACTORS);
      r->access = g_realloc (r->access, sizeof (uint64_t) * (size_t) r->cap_words * MAX_ACTORS);
      r->globals = g_realloc (r->globals, sizeof (uint64_t) * (size_t) r->cap_words);
    }
}

static inline uint64_t *
row (uint64_t *sets, const ChanReducer *r, int actor)
{
  return sets + (size_t) actor * (size_t) r->words;
}

static gboolean
intersect (const uint64_t *a, const uint64_t *b, int words)
{
  for (int w = 0; w < words; w++)
    if (a[w] & b[w])
      return TRUE;
  return FALSE;
}

/* The cheapest closure of "may interfere" from an enabled actor, given
 * r->access: its actors as bits, and its number of choices in *COST. */
static uint64_t
best_closure (ChanReducer *r, int *cost_out)
{
  int n_actors = r->n_actors;
  uint64_t adj[MAX_ACTORS];         /* adj[a]: actors a may interfere with */
  uint64_t best = 0;
  int best_cost = r->n_choices;

  /* interference: a's step needs an object b can reach */
  for (int a = 0; a < n_actors; a++)
    {
      const uint64_t *access = row (r->access, r, a);
      adj[a] = (uint64_t) 1 << a;
      if (intersect (access, r->globals, r->words))
        {
          adj[a] = n_actors == 64 ? ~(uint64_t) 0 : ((uint64_t) 1 << n_actors) - 1;
          continue;
        }
      for (int b = 0; b < n_actors; b++)
        if (b != a && intersect (access, row (r->reach, r, b), r->words))
          adj[a] |= (uint64_t) 1 << b;
    }
  for (int seed = 0; seed < n_actors; seed++)
    {
      uint64_t set = (uint64_t) 1 << seed, grown;
      int cost = 0;
      if (r->enabled[seed] == 0)
        continue;
      for (;;)
        {
          grown = set;
          for (int a = 0; a < n_actors; a++)
            if ((set >> a) & 1)
              grown |= adj[a];
          if (grown == set)
            break;
          set = grown;
        }
      for (int a = 0; a < n_actors; a++)
        if ((set >> a) & 1)
          cost += r->enabled[a];
      if (cost < best_cost)
        {
          best_cost = cost;
          best = set;
        }
    }
  *cost_out = best_cost;
  return best;
}

int
chan_reduce_prepare (ChanReducer *r, ChanState *s, const ChanChoice *choices, int n)
{
  int n_goroutines = s->n_goroutines, cost;

  r->state = s;
  r->n_choices = n;
  r->n_actors = n_goroutines;
  if (n <= 1 || n_goroutines > MAX_ACTORS)
    return n;
  if (n > r->cap_choices)
    {
      r->cap_choices = n * 2;
      r->actor_of = g_realloc (r->actor_of, sizeof (int) * (size_t) r->cap_choices);
    }
  memset (r->enabled, 0, sizeof r->enabled);

  /* actors, and which actor each choice belongs to */
  for (int k = 0; k < n; k++)
    {
      if (choices[k].g >= 0)
        r->actor_of[k] = choices[k].g;
      else
        {
          int t = 0;
          while (t < r->n_actors - n_goroutines && r->timers[t] != choices[k].a)
            t++;
          if (t == r->n_actors - n_goroutines)
            {
              if (r->n_actors == MAX_ACTORS)
                return n;
              r->timers[t] = choices[k].a;
              r->n_actors++;
            }
          r->actor_of[k] = n_goroutines + t;
        }
      r->enabled[r->actor_of[k]]++;
    }

  /* what each actor reaches, and what its resting instruction operates on */
  reserve (r, s->n_objects);
  memset (r->reach, 0, sizeof (uint64_t) * (size_t) r->words * (size_t) r->n_actors);
  memset (r->access, 0, sizeof (uint64_t) * (size_t) r->words * (size_t) r->n_actors);
  memset (r->globals, 0, sizeof (uint64_t) * (size_t) r->words);
  chan_state_reach_globals (s, r->globals);
  for (int a = 0; a < r->n_actors; a++)
    {
      uint64_t *reach = row (r->reach, r, a), *access = row (r->access, r, a);
      if (a < n_goroutines)
        {
          chan_state_reach_goroutine (s, a, reach);
          chan_exec_operands_reach (s, a, access);
        }
      else
        {
          ChanVal timer = { .kind = CHAN_VAL_AGG, .ref = (uint32_t) r->timers[a - n_goroutines] };
          chan_state_reach_value (s, &timer, reach);
          chan_state_reach_value (s, &timer, access);
        }
    }
  /* what steps touch only adds to this: no closure can be cheaper later */
  best_closure (r, &cost);
  return cost;
}

/* ORs into ROW the objects, among the first N_OBJECTS (those of the state
 * being reduced), that goroutine G of SUCCESSOR operates on. */
static void
add_operands (ChanReducer *r, ChanState *successor, int g, int n_objects, uint64_t *out)
{
  int words = successor->n_objects / 64 + 1;
  if (g < 0 || g >= successor->n_goroutines)
    return;
  if (words > r->cap_scratch)
    {
      r->cap_scratch = words * 2;
      r->scratch = g_realloc (r->scratch, sizeof (uint64_t) * (size_t) r->cap_scratch);
    }
  memset (r->scratch, 0, sizeof (uint64_t) * (size_t) words);
  chan_exec_operands_reach (successor, g, r->scratch);
  /* the successor's objects from N_OBJECTS on are new: left out */
  for (int w = 0; w < n_objects / 64; w++)
    out[w] |= r->scratch[w];
  if (n_objects % 64)
    out[n_objects / 64] |= r->scratch[n_objects / 64] & (((uint64_t) 1 << (n_objects % 64)) - 1);
}

void
chan_reduce_add_successor (ChanReducer *r, int k, ChanState *successor, const ChanStepInfo *info)
{
  int n_objects = r->state->n_objects;
  uint64_t *access = row (r->access, r, r->actor_of[k]);
  int mover = info->mover, partner = info->partner;

  if (mover >= 0 && !info->exited)
    add_operands (r, successor, mover, n_objects, access);
  if (partner >= 0)
    add_operands (r, successor, info->exited && partner > mover ? partner - 1 : partner,
                  n_objects, access);
  for (int i = 0; i < info->n_spawned; i++)
    add_operands (r, successor, successor->n_goroutines - 1 - i, n_objects, access);
}

int
chan_reduce_choose (ChanReducer *r, const ChanTouch *touch, uint8_t *keep)
{
  int n = r->n_choices, cost;
  uint64_t best;

  memset (keep, 1, (size_t) n);
  for (int k = 0; k < n; k++)
    {
      uint64_t *access = row (r->access, r, r->actor_of[k]);
      if (touch[k].overflow)
        return n;
      for (int i = 0; i < touch[k].n; i++)
        {
          uint32_t obj = touch[k].objects[i];
          if (obj < (uint32_t) r->state->n_objects)   /* newer ones: created by the step */
            access[obj >> 6] |= (uint64_t) 1 << (obj & 63);
        }
    }
  best = best_closure (r, &cost);
  if (cost >= n)
    return n;
  for (int k = 0; k < n; k++)
    keep[k] = (uint8_t) ((best >> r->actor_of[k]) & 1);
  return cost;
}
