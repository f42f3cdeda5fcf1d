/* tests/gen_programs.c -- random small Go programs for the crosscheck.
 * Owns: `gen_programs SEED COUNT OUTDIR`, which writes COUNT programs
 * OUTDIR/rand-SEED-K.chan (K = 1..COUNT), the same bytes for the same SEED
 * on every machine (its own random generator, not GLib's or libc's).
 * A program is built as a set of protocols between parties (main and 2 to 4
 * goroutines): value transfers, close signals, stop channels of ticker and
 * spin loops, a WaitGroup, a Mutex, a shared counter; then a few
 * perturbations (a dropped or reordered operation, a second close, a count
 * off by one, a forgotten Unlock...) turn many of them into leaks,
 * deadlocks, panics and runaway goroutines.  About VALUE_PROGRAM_PERCENT
 * of the programs are value programs instead (see write_value_program):
 * control flow there depends on values that travel between goroutines, for
 * the untracked values reduction (lang/relevance.c).  Every program is valid
 * Go 1.19 (go vet clean): only what is used is declared or imported.
 * Not: running the checker (tests/run-random.sh does). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#define MAX_CHANNELS 5
#define MAX_PARTIES 5
#define MAX_OPERATIONS 24
#define MAX_GOROUTINES 4
#define MAX_GOROUTINE_WEIGHT 7   /* see party_weight */
#define MAIN_PARTY 0
#define VALUE_PROGRAM_PERCENT 40   /* see write_value_program */

/* ---- a random generator of our own (splitmix64): stable everywhere ---- */

typedef struct {
  guint64 state;
} Random;

static guint64
random_next (Random *random)
{
  guint64 z = (random->state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* 0 .. bound - 1 */
static int
random_below (Random *random, int bound)
{
  return (int) (random_next (random) % (guint64) bound);
}

static gboolean
random_percent (Random *random, int percent)
{
  return random_below (random, 100) < percent;
}

/* ---- the plan: channels, parties, operations ---------------------------- */

typedef enum {
  OPERATION_SEND,
  OPERATION_RECEIVE,
  OPERATION_CLOSE,
  OPERATION_COUNT_UP,
  OPERATION_CHECK_COUNT,
  OPERATION_WAIT_GROUP_ADD,
  OPERATION_WAIT_GROUP_DONE,
  OPERATION_WAIT_GROUP_WAIT,
  OPERATION_SPAWN,
  OPERATION_TICKER_LOOP,
  OPERATION_SPIN_LOOP,
  OPERATION_SLEEP,
  OPERATION_SELECT_EITHER,
} OperationKind;

typedef enum {
  STYLE_PLAIN,
  STYLE_VALUE,            /* receive into a variable and test it */
  STYLE_OK,               /* v, ok := <-c */
  STYLE_RANGE,            /* for v := range c */
  STYLE_SELECT_TIMEOUT,   /* with case <-time.After(time.Second) */
  STYLE_SELECT_DEFAULT,
  STYLE_SELECT_NIL,       /* with a case on the nil channel */
  STYLE_LENGTH_CHECK,     /* if len(c) > 0 { <-c } */
} Style;

typedef enum {
  LOCK_NONE,
  LOCK_AROUND,
  LOCK_FORGET_UNLOCK,
  LOCK_DEFER_UNLOCK,
} LockMode;

typedef struct {
  OperationKind kind;
  int channel;            /* the channel, or the stop channel of a loop (-1: none) */
  int other_channel;      /* the second channel of OPERATION_SELECT_EITHER */
  int count;              /* sends, receives, WaitGroup.Add's delta, the counter's threshold */
  Style style;
  LockMode lock;
  int party;              /* OPERATION_SPAWN: whom */
} Operation;

typedef struct {
  Operation operations[MAX_OPERATIONS];
  int n_operations;
  gboolean named;             /* a named function, channels as parameters */
  gboolean with_parameters;   /* a closure that takes its channels as parameters */
  int copies;                 /* goroutines started from one go statement in a loop */
  gboolean wait_group_member; /* calls wg.Done */
  gboolean defer_done;        /* defer wg.Done() at the top, else wg.Done() at the end */
  int deferred_close;         /* defer close(c) at the top, or -1 */
  gboolean holds_mutex;       /* mu.Lock(); defer mu.Unlock() at the top */
  gboolean loops_forever;     /* its last operation is a ticker or spin loop */
} Party;

typedef struct {
  const char *name;
  int capacity;
  gboolean is_nil;
  gboolean is_stop;           /* the stop channel of a loop */
  gboolean referenced;
} Channel;

typedef struct {
  Random random;
  Channel channels[MAX_CHANNELS];
  int n_channels;
  int nil_channel;            /* index, or -1 */
  Party parties[MAX_PARTIES]; /* MAIN_PARTY is main */
  int n_parties;
  gboolean uses_wait_group;
  gboolean add_per_spawn;     /* wg.Add(1) before each go, else one wg.Add(N) */
  int wait_group_adjustment;  /* added to N: a wrong count */
  /* what the written text uses, for declarations and imports */
  gboolean mutex_referenced, wait_group_referenced, counter_referenced;
  gboolean counter_read, uses_time, uses_runtime;
  int next_variable;          /* value1, ok1, ... unique in the program */
  int next_function;
  GString *functions;         /* named functions, written before main */
} Program;

static const char *const channel_names[] = { "jobs", "results", "done", "ready", "replies" };
static const char *const parameter_names[] = { "source", "sink", "signal", "spare", "other" };

/* ---- building the plan -------------------------------------------------- */

static Operation
operation_new (OperationKind kind, int channel)
{
  Operation operation = { kind, channel, -1, 1, STYLE_PLAIN, LOCK_NONE, -1 };
  return operation;
}

/* The steps of PARTY's goroutines, roughly: what makes states. */
static int
party_weight (const Party *party)
{
  int weight = 0, i;
  for (i = 0; i < party->n_operations; i++)
    weight += party->operations[i].count > 1 ? party->operations[i].count : 1;
  return weight * party->copies;
}

/* Inserts OPERATION into PARTY at a random place (or at the end), always
   before a final endless loop.  A goroutine that is already long gets no more
   (the checker must finish each program in well under a second): its
   protocol is then one-sided, which only makes a finding likelier. */
static void
party_add (Program *program, int party_index, Operation operation, gboolean anywhere)
{
  Party *party = &program->parties[party_index];
  int end = party->n_operations - (party->loops_forever ? 1 : 0);
  int at = end;
  if (party->n_operations >= MAX_OPERATIONS
      || (party_index != MAIN_PARTY
          && party_weight (party) + operation.count * party->copies > MAX_GOROUTINE_WEIGHT))
    return;
  if (anywhere && end > 0)
    at = random_below (&program->random, end + 1);
  /* main's spawns come first: keep them there unless moved on purpose */
  if (party_index == MAIN_PARTY)
    while (at < end && party->operations[at].kind == OPERATION_SPAWN)
      at++;
  memmove (&party->operations[at + 1], &party->operations[at],
           sizeof (Operation) * (size_t) (party->n_operations - at));
  party->operations[at] = operation;
  party->n_operations++;
}

static void
party_remove (Party *party, int at)
{
  memmove (&party->operations[at], &party->operations[at + 1],
           sizeof (Operation) * (size_t) (party->n_operations - at - 1));
  party->n_operations--;
}

/* A party other than EXCEPT, main included. */
static int
pick_party (Program *program, int except)
{
  int party;
  do
    party = random_below (&program->random, program->n_parties);
  while (party == except && program->n_parties > 1);
  return party;
}

static int
pick_spawned_party (Program *program, int except)
{
  int party;
  do
    party = 1 + random_below (&program->random, program->n_parties - 1);
  while (party == except && program->n_parties > 2);
  return party;
}

static gboolean
party_may_count (Program *program, int party)
{
  return !program->parties[party].named;
}

static Style
pick_send_style (Program *program)
{
  int roll = random_below (&program->random, 100);
  if (roll < 10)
    return STYLE_SELECT_TIMEOUT;
  if (roll < 20)
    return STYLE_SELECT_DEFAULT;
  if (roll < 28 && program->nil_channel >= 0)
    return STYLE_SELECT_NIL;
  return STYLE_PLAIN;
}

static Style
pick_receive_style (Program *program, gboolean closed_after)
{
  int roll = random_below (&program->random, 100);
  if (closed_after && roll < 45)
    return STYLE_RANGE;
  roll = random_below (&program->random, 100);
  if (roll < 25)
    return STYLE_PLAIN;
  if (roll < 50)
    return STYLE_VALUE;
  if (roll < 68)
    return STYLE_OK;
  if (roll < 78)
    return STYLE_SELECT_TIMEOUT;
  if (roll < 86)
    return STYLE_SELECT_DEFAULT;
  if (roll < 90)
    return STYLE_LENGTH_CHECK;
  if (roll < 97 && program->nil_channel >= 0)
    return STYLE_SELECT_NIL;
  return STYLE_VALUE;
}

/* A sender and a receiver share CHANNEL: COUNT values, maybe then a close. */
static void
plan_transfer (Program *program, int channel)
{
  Random *random = &program->random;
  int sender = pick_party (program, -1);
  int receiver = pick_party (program, sender);
  int count = 1 + random_below (random, 2);
  gboolean close_after = random_percent (random, 50);
  Operation send = operation_new (OPERATION_SEND, channel);
  Operation receive = operation_new (OPERATION_RECEIVE, channel);
  send.count = count;
  send.style = pick_send_style (program);
  receive.count = count;
  receive.style = pick_receive_style (program, close_after);
  party_add (program, sender, send, random_percent (random, 30));
  if (close_after)
    {
      Party *party = &program->parties[sender];
      if (sender != MAIN_PARTY && party->deferred_close < 0 && random_percent (random, 35))
        party->deferred_close = channel;
      else
        party_add (program, sender, operation_new (OPERATION_CLOSE, channel), FALSE);
    }
  party_add (program, receiver, receive, random_percent (random, 30));
}

/* One party tells one or two others, by a close or a send. */
static void
plan_signal (Program *program, int channel)
{
  Random *random = &program->random;
  int signaller = pick_party (program, -1);
  int waiter = pick_party (program, signaller);
  gboolean by_close = random_percent (random, 60);
  Operation wait = operation_new (OPERATION_RECEIVE, channel);
  wait.style = random_percent (random, 70) ? STYLE_PLAIN : pick_receive_style (program, FALSE);
  if (by_close)
    party_add (program, signaller, operation_new (OPERATION_CLOSE, channel), random_percent (random, 40));
  else
    party_add (program, signaller, operation_new (OPERATION_SEND, channel), random_percent (random, 40));
  party_add (program, waiter, wait, random_percent (random, 40));
  if (by_close && program->n_parties > 2 && random_percent (random, 30))
    {
      int other = pick_party (program, signaller);
      if (other != waiter)
        party_add (program, other, wait, random_percent (random, 40));
    }
}

/* The party LOOPER ends in a ticker or spin loop that watches CHANNEL;
   someone else stops it. */
static void
plan_stop (Program *program, int channel, int looper)
{
  Random *random = &program->random;
  Party *party = &program->parties[looper];
  Operation loop = operation_new (random_percent (random, 60) ? OPERATION_TICKER_LOOP
                                  : OPERATION_SPIN_LOOP, channel);
  int stopper = pick_party (program, looper);
  if (random_percent (random, loop.kind == OPERATION_TICKER_LOOP ? 45 : 25))
    loop.channel = -1;              /* a loop nobody can stop: runaway */
  loop.style = random_below (random, 4);   /* variants, see write_ticker_loop */
  party_add (program, looper, loop, FALSE);
  party->loops_forever = TRUE;
  if (loop.channel >= 0)
    party_add (program, stopper, operation_new (random_percent (random, 70) ? OPERATION_CLOSE
                                                : OPERATION_SEND, channel),
               random_percent (random, 50));
  else
    program->channels[channel].is_stop = FALSE;   /* reused below for a transfer */
}

/* Workers send one value each on CHANNEL and call wg.Done; a closer waits
   for them and closes CHANNEL; main ranges over it. */
static void
plan_fan_in (Program *program, int channel)
{
  Random *random = &program->random;
  int closer = pick_spawned_party (program, -1);
  int worker;
  Operation send = operation_new (OPERATION_SEND, channel);
  Operation receive = operation_new (OPERATION_RECEIVE, channel);
  program->uses_wait_group = TRUE;
  for (worker = 1; worker < program->n_parties; worker++)
    if (worker != closer && !program->parties[worker].loops_forever)
      {
        program->parties[worker].wait_group_member = TRUE;
        party_add (program, worker, send, FALSE);
      }
  party_add (program, closer, operation_new (OPERATION_WAIT_GROUP_WAIT, -1), FALSE);
  party_add (program, closer, operation_new (OPERATION_CLOSE, channel), FALSE);
  receive.style = random_percent (random, 80) ? STYLE_RANGE : STYLE_VALUE;
  party_add (program, MAIN_PARTY, receive, FALSE);
}

/* Some goroutines call wg.Done; main waits. */
static void
plan_wait_group (Program *program)
{
  Random *random = &program->random;
  int party;
  gboolean any = FALSE;
  program->uses_wait_group = TRUE;
  for (party = 1; party < program->n_parties; party++)
    if (random_percent (random, 70))
      {
        program->parties[party].wait_group_member = TRUE;
        any = TRUE;
      }
  if (!any)
    program->parties[pick_spawned_party (program, -1)].wait_group_member = TRUE;
  party_add (program, MAIN_PARTY, operation_new (OPERATION_WAIT_GROUP_WAIT, -1),
             random_percent (random, 35));
}

/* Some operations under mu, some counter increments. */
static void
plan_mutex_and_counter (Program *program)
{
  Random *random = &program->random;
  int locked = random_below (random, 3);
  int i;
  for (i = 0; i < locked; i++)
    {
      Party *party = &program->parties[pick_party (program, -1)];
      int at;
      if (party->n_operations == 0)
        continue;
      at = random_below (random, party->n_operations);
      switch (party->operations[at].kind)
        {
        case OPERATION_SPAWN: case OPERATION_TICKER_LOOP: case OPERATION_SPIN_LOOP:
        case OPERATION_WAIT_GROUP_ADD:
          break;
        default:
          party->operations[at].lock = random_percent (random, 85) ? LOCK_AROUND : LOCK_DEFER_UNLOCK;
        }
    }
  if (random_percent (random, 45))
    for (i = 0; i < program->n_parties; i++)
      if (party_may_count (program, i) && random_percent (random, 60))
        {
          Operation count_up = operation_new (OPERATION_COUNT_UP, -1);
          count_up.lock = random_percent (random, 70) ? LOCK_AROUND : LOCK_NONE;
          party_add (program, i, count_up, TRUE);
        }
  if (random_percent (random, 6))
    program->parties[pick_spawned_party (program, -1)].holds_mutex = TRUE;
}

static int
find_operation (Program *program, OperationKind kind, int *party_out)
{
  int tries;
  for (tries = 0; tries < 20; tries++)
    {
      int party = random_below (&program->random, program->n_parties);
      Party *p = &program->parties[party];
      int at;
      if (p->n_operations == 0)
        continue;
      at = random_below (&program->random, p->n_operations);
      if (p->operations[at].kind == kind)
        {
          *party_out = party;
          return at;
        }
    }
  return -1;
}

/* One deliberate mistake, of the kinds people make. */
static void
perturb (Program *program)
{
  Random *random = &program->random;
  int party = 0, at;
  switch (random_below (random, 11))
    {
    case 0: /* an operation forgotten */
      {
        Party *p = &program->parties[pick_party (program, -1)];
        if (p->n_operations == 0)
          break;
        at = random_below (random, p->n_operations);
        if (p->operations[at].kind != OPERATION_SPAWN)
          {
            if (p->operations[at].kind == OPERATION_TICKER_LOOP
                || p->operations[at].kind == OPERATION_SPIN_LOOP)
              p->loops_forever = FALSE;
            party_remove (p, at);
          }
      }
      break;
    case 1: /* closed twice */
      at = find_operation (program, OPERATION_CLOSE, &party);
      if (at >= 0)
        party_add (program, pick_party (program, -1),
                   program->parties[party].operations[at], TRUE);
      break;
    case 2: /* a send after the close */
      at = find_operation (program, OPERATION_CLOSE, &party);
      if (at >= 0)
        party_add (program, party,
                   operation_new (OPERATION_SEND, program->parties[party].operations[at].channel),
                   FALSE);
      break;
    case 3: /* one value too many or too few */
      at = find_operation (program, random_percent (random, 50) ? OPERATION_SEND
                           : OPERATION_RECEIVE, &party);
      if (at >= 0)
        {
          Operation *operation = &program->parties[party].operations[at];
          operation->count += operation->count > 1 && random_percent (random, 50) ? -1 : 1;
        }
      break;
    case 4: /* gives up after a timeout */
      at = find_operation (program, OPERATION_RECEIVE, &party);
      if (at >= 0)
        program->parties[party].operations[at].style = STYLE_SELECT_TIMEOUT;
      break;
    case 5: /* a wrong WaitGroup count */
      if (program->uses_wait_group)
        program->wait_group_adjustment = random_percent (random, 50) ? 1 : -1;
      break;
    case 6: /* an Unlock forgotten */
      {
        Party *p = &program->parties[pick_party (program, -1)];
        for (at = 0; at < p->n_operations; at++)
          if (p->operations[at].lock == LOCK_AROUND)
            {
              p->operations[at].lock = LOCK_FORGET_UNLOCK;
              break;
            }
      }
      break;
    case 7: /* waits on the nil channel */
      if (program->nil_channel >= 0)
        {
          Operation operation = operation_new (random_percent (random, 70) ? OPERATION_RECEIVE
                                               : random_percent (random, 50) ? OPERATION_SEND
                                               : OPERATION_CLOSE, program->nil_channel);
          party_add (program, pick_party (program, -1), operation, TRUE);
        }
      break;
    case 8: /* two operations swapped */
      {
        Party *p = &program->parties[pick_party (program, -1)];
        int end = p->n_operations - (p->loops_forever ? 1 : 0);
        if (end >= 2)
          {
            int first = random_below (random, end - 1);
            Operation swap = p->operations[first];
            if (swap.kind == OPERATION_SPAWN || p->operations[first + 1].kind == OPERATION_SPAWN)
              break;
            p->operations[first] = p->operations[first + 1];
            p->operations[first + 1] = swap;
          }
      }
      break;
    case 9: /* a receive that takes from either of two channels */
      at = find_operation (program, OPERATION_RECEIVE, &party);
      if (at >= 0 && program->n_channels > 1)
        {
          Operation *operation = &program->parties[party].operations[at];
          int other = random_below (random, program->n_channels);
          if (other != operation->channel)
            {
              operation->kind = OPERATION_SELECT_EITHER;
              operation->other_channel = other;
            }
        }
      break;
    case 10: /* wg.Done once too often */
      party = pick_spawned_party (program, -1);
      if (program->parties[party].wait_group_member)
        party_add (program, party, operation_new (OPERATION_WAIT_GROUP_DONE, -1), TRUE);
      break;
    }
}

static void
plan_program (Program *program)
{
  Random *random = &program->random;
  int goroutines = 2 + random_below (random, MAX_GOROUTINES - 1);
  int n_channels = 2 + random_below (random, 3);
  int channel, party;
  int perturbations;
  gboolean fan_in;

  /* parties: main, then goroutines, maybe two of one kind */
  program->n_parties = 1;
  while (goroutines > 0)
    {
      Party *p = &program->parties[program->n_parties++];
      memset (p, 0, sizeof *p);
      p->deferred_close = -1;
      p->copies = goroutines >= 2 && random_percent (random, 15) ? 2 : 1;
      goroutines -= p->copies;
      p->named = random_percent (random, 35);
      p->with_parameters = !p->named && random_percent (random, 30);
    }
  memset (&program->parties[MAIN_PARTY], 0, sizeof (Party));
  program->parties[MAIN_PARTY].deferred_close = -1;
  program->parties[MAIN_PARTY].copies = 1;

  /* channels */
  for (channel = 0; channel < n_channels; channel++)
    {
      int roll = random_below (random, 100);
      Channel *c = &program->channels[channel];
      c->name = channel_names[channel];
      c->capacity = roll < 50 ? 0 : roll < 80 ? 1 : 2;
      c->is_nil = FALSE;
    }
  program->n_channels = n_channels;
  program->nil_channel = -1;
  if (random_percent (random, 30))
    {
      Channel *c = &program->channels[program->n_channels];
      c->name = "idle";
      c->is_nil = TRUE;
      c->capacity = 0;
      program->nil_channel = program->n_channels++;
    }

  /* an endless loop with its stop channel (the last channel) */
  if (random_percent (random, 50))
    {
      int looper = random_percent (random, 10) ? MAIN_PARTY : pick_spawned_party (program, -1);
      program->channels[n_channels - 1].is_stop = TRUE;
      plan_stop (program, n_channels - 1, looper);
    }
  fan_in = program->n_parties >= 3 && random_percent (random, 20);
  for (channel = 0; channel < n_channels; channel++)
    {
      if (program->channels[channel].is_stop)
        continue;
      if (fan_in && channel == 0)
        plan_fan_in (program, channel);
      else if (random_percent (random, 70))
        plan_transfer (program, channel);
      else
        plan_signal (program, channel);
    }
  if (!fan_in && random_percent (random, 45))
    plan_wait_group (program);
  if (random_percent (random, 45))
    plan_mutex_and_counter (program);
  for (party = 1; party < program->n_parties; party++)
    {
      Party *p = &program->parties[party];
      if (p->loops_forever)
        p->defer_done = TRUE;
      else
        p->defer_done = random_percent (random, 70);
      if (p->n_operations == 0)
        party_add (program, party, operation_new (OPERATION_SLEEP, -1), FALSE);
    }
  program->add_per_spawn = random_percent (random, 40);
  if (program->uses_wait_group && !program->add_per_spawn)
    {
      Operation add = operation_new (OPERATION_WAIT_GROUP_ADD, -1);
      add.count = 0;
      for (party = 1; party < program->n_parties; party++)
        if (program->parties[party].wait_group_member)
          add.count += program->parties[party].copies;
      party_add (program, MAIN_PARTY, add, FALSE);
      /* moved to the front below, before the spawns */
    }

  /* main starts every goroutine, mostly first */
  {
    Party *main_party = &program->parties[MAIN_PARTY];
    Operation spawns[MAX_PARTIES];
    int n_spawns = 0, i;
    for (party = 1; party < program->n_parties; party++)
      {
        Operation spawn = operation_new (OPERATION_SPAWN, -1);
        spawn.party = party;
        spawns[n_spawns++] = spawn;
      }
    for (i = n_spawns - 1; i >= 0; i--)
      {
        int end = main_party->n_operations - (main_party->loops_forever ? 1 : 0);
        int at = 0;
        if (random_percent (random, 15) && end > 0)
          at = 1 + random_below (random, end);
        if (main_party->n_operations < MAX_OPERATIONS)
          {
            memmove (&main_party->operations[at + 1], &main_party->operations[at],
                     sizeof (Operation) * (size_t) (main_party->n_operations - at));
            main_party->operations[at] = spawns[i];
            main_party->n_operations++;
          }
      }
    /* wg.Add(N) before everything */
    for (i = 0; i < main_party->n_operations; i++)
      if (main_party->operations[i].kind == OPERATION_WAIT_GROUP_ADD)
        {
          Operation add = main_party->operations[i];
          memmove (&main_party->operations[1], &main_party->operations[0], sizeof (Operation) * (size_t) i);
          main_party->operations[0] = add;
          break;
        }
  }

  perturbations = random_below (random, 100) < 45 ? 0 : random_percent (random, 75) ? 1 : 2;
  while (perturbations-- > 0)
    perturb (program);
}

/* ---- writing Go --------------------------------------------------------- */

/* The party being written and how it names things. */
typedef struct {
  Program *program;
  Party *party;
  gboolean by_parameter;      /* channels are its parameters */
  gboolean named;             /* a named function: wg and mu are parameters too */
  int parameter_of_channel[MAX_CHANNELS];
  int channel_of_parameter[MAX_CHANNELS];
  unsigned parameter_usage[MAX_CHANNELS];
  int n_parameters;
  gboolean needs_wait_group, needs_mutex;
  gboolean in_endless_loop;
} Writer;

enum { USE_SEND = 1, USE_RECEIVE = 2, USE_CLOSE = 4 };

static void
line (GString *out, int indent, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
line (GString *out, int indent, const char *format, ...)
{
  va_list arguments;
  int i;
  for (i = 0; i < indent; i++)
    g_string_append_c (out, '\t');
  va_start (arguments, format);
  g_string_append_vprintf (out, format, arguments);
  va_end (arguments);
  g_string_append_c (out, '\n');
}

static const char *
channel_name (Writer *writer, int channel, unsigned usage)
{
  Program *program = writer->program;
  int parameter;
  if (!writer->by_parameter)
    {
      program->channels[channel].referenced = TRUE;
      return program->channels[channel].name;
    }
  parameter = writer->parameter_of_channel[channel];
  if (parameter < 0)
    {
      parameter = writer->n_parameters++;
      writer->parameter_of_channel[channel] = parameter;
      writer->channel_of_parameter[parameter] = channel;
      program->channels[channel].referenced = TRUE;
    }
  writer->parameter_usage[parameter] |= usage;
  return parameter_names[parameter];
}

static const char *
mutex_name (Writer *writer)
{
  writer->program->mutex_referenced = TRUE;
  writer->needs_mutex = TRUE;
  return "mu";
}

static const char *
wait_group_name (Writer *writer)
{
  writer->program->wait_group_referenced = TRUE;
  writer->needs_wait_group = TRUE;
  return "wg";
}

static gboolean
may_count (Writer *writer)
{
  return !writer->named && !writer->in_endless_loop;
}

static const char *
counter_name (Writer *writer, gboolean read)
{
  writer->program->counter_referenced = TRUE;
  if (read)
    writer->program->counter_read = TRUE;
  return "count";
}

static const char *
time_after (Writer *writer)
{
  writer->program->uses_time = TRUE;
  return "time.After(time.Second)";
}

/* A statement without communication, for the body of an if or a case. */
static void
write_small_action (Writer *writer, GString *out, int indent, gboolean allow_panic)
{
  Random *random = &writer->program->random;
  int roll = random_below (random, 100);
  if (allow_panic && roll < 8)
    line (out, indent, "panic(\"unexpected value\")");
  else if (roll < 30 && may_count (writer))
    line (out, indent, "%s++", counter_name (writer, FALSE));
  else if (roll < 55)
    {
      line (out, indent, "%s.Lock()", mutex_name (writer));
      line (out, indent, "%s.Unlock()", mutex_name (writer));
    }
  else if (roll < 75)
    {
      writer->program->uses_time = TRUE;
      line (out, indent, "time.Sleep(time.Millisecond)");
    }
  else
    {
      writer->program->uses_runtime = TRUE;
      line (out, indent, "runtime.Gosched()");
    }
}

/* Uses the received VALUE, so that it is not unused. */
static void
write_use_value (Writer *writer, GString *out, int indent, const char *value)
{
  Random *random = &writer->program->random;
  int roll = random_below (random, 100);
  if (roll < 40)
    {
      line (out, indent, "if %s == %d {", value, random_below (random, 3));
      write_small_action (writer, out, indent + 1, TRUE);
      line (out, indent, "}");
    }
  else if (roll < 55)
    {
      line (out, indent, "if %s > 0 {", value);
      write_small_action (writer, out, indent + 1, FALSE);
      line (out, indent, "} else {");
      write_small_action (writer, out, indent + 1, FALSE);
      line (out, indent, "}");
    }
  else if (roll < 75 && may_count (writer))
    line (out, indent, "%s += %s", counter_name (writer, FALSE), value);
  else
    line (out, indent, "_ = %s", value);
}

static int
fresh_variable (Writer *writer)
{
  return ++writer->program->next_variable;
}

/* COUNT times BODY: repeated, or in a loop with variable i. */
typedef void (*StatementWriter) (Writer *writer, GString *out, int indent,
                                 const Operation *operation, const char *loop_variable);

static void
write_repeated (Writer *writer, GString *out, int indent, const Operation *operation,
                StatementWriter write_one)
{
  int i;
  if (operation->count > 1 && random_percent (&writer->program->random, 60))
    {
      line (out, indent, "for i := 0; i < %d; i++ {", operation->count);
      write_one (writer, out, indent + 1, operation, "i");
      line (out, indent, "}");
    }
  else
    for (i = 0; i < operation->count; i++)
      write_one (writer, out, indent, operation, NULL);
}

static void
write_one_send (Writer *writer, GString *out, int indent, const Operation *operation,
                const char *loop_variable)
{
  Random *random = &writer->program->random;
  const char *name = channel_name (writer, operation->channel, USE_SEND);
  char value[16];
  if (loop_variable != NULL && random_percent (random, 70))
    g_snprintf (value, sizeof value, "%s", loop_variable);
  else
    g_snprintf (value, sizeof value, "%d", random_below (random, 3));
  switch (operation->style)
    {
    case STYLE_SELECT_TIMEOUT:
      line (out, indent, "select {");
      line (out, indent, "case %s <- %s:", name, value);
      line (out, indent, "case <-%s:", time_after (writer));
      line (out, indent, "}");
      break;
    case STYLE_SELECT_DEFAULT:
      line (out, indent, "select {");
      line (out, indent, "case %s <- %s:", name, value);
      line (out, indent, "default:");
      if (random_percent (random, 50))
        write_small_action (writer, out, indent + 1, FALSE);
      line (out, indent, "}");
      break;
    case STYLE_SELECT_NIL:
      line (out, indent, "select {");
      line (out, indent, "case %s <- %s:", name, value);
      line (out, indent, "case %s <- 1:",
            channel_name (writer, writer->program->nil_channel, USE_SEND));
      line (out, indent, "}");
      break;
    default:
      line (out, indent, "%s <- %s", name, value);
    }
}

static void
write_one_receive (Writer *writer, GString *out, int indent, const Operation *operation,
                   const char *loop_variable)
{
  Random *random = &writer->program->random;
  const char *name = channel_name (writer, operation->channel, USE_RECEIVE);
  int variable = fresh_variable (writer);
  char value[24], ok[24];
  g_snprintf (value, sizeof value, "value%d", variable);
  g_snprintf (ok, sizeof ok, "ok%d", variable);
  switch (operation->style)
    {
    case STYLE_VALUE:
      line (out, indent, "%s := <-%s", value, name);
      write_use_value (writer, out, indent, value);
      break;
    case STYLE_OK:
      if (random_percent (random, 40))
        {
          line (out, indent, "_, %s := <-%s", ok, name);
          line (out, indent, "if !%s {", ok);
          write_small_action (writer, out, indent + 1, TRUE);
          line (out, indent, "}");
        }
      else
        {
          line (out, indent, "%s, %s := <-%s", value, ok, name);
          line (out, indent, "if %s {", ok);
          write_use_value (writer, out, indent + 1, value);
          line (out, indent, "} else {");
          write_small_action (writer, out, indent + 1, FALSE);
          line (out, indent, "}");
        }
      break;
    case STYLE_SELECT_TIMEOUT:
      line (out, indent, "select {");
      if (random_percent (random, 50))
        {
          line (out, indent, "case %s := <-%s:", value, name);
          write_use_value (writer, out, indent + 1, value);
        }
      else
        line (out, indent, "case <-%s:", name);
      line (out, indent, "case <-%s:", time_after (writer));
      if (random_percent (random, 30))
        write_small_action (writer, out, indent + 1, FALSE);
      line (out, indent, "}");
      break;
    case STYLE_SELECT_DEFAULT:
      line (out, indent, "select {");
      line (out, indent, "case <-%s:", name);
      line (out, indent, "default:");
      line (out, indent, "}");
      break;
    case STYLE_SELECT_NIL:
      line (out, indent, "select {");
      line (out, indent, "case %s, %s := <-%s:", value, ok, name);
      line (out, indent, "if %s {", ok);
      write_use_value (writer, out, indent + 1, value);
      line (out, indent, "}");
      line (out, indent, "case <-%s:",
            channel_name (writer, writer->program->nil_channel, USE_RECEIVE));
      line (out, indent, "}");
      break;
    case STYLE_LENGTH_CHECK:
      line (out, indent, "if len(%s) > 0 {", name);
      line (out, indent + 1, "<-%s", name);
      line (out, indent, "}");
      break;
    default:
      line (out, indent, "<-%s", name);
    }
  (void) loop_variable;
}

static void
write_receive (Writer *writer, GString *out, int indent, const Operation *operation)
{
  if (operation->style == STYLE_RANGE)
    {
      const char *name = channel_name (writer, operation->channel, USE_RECEIVE);
      if (random_percent (&writer->program->random, 30))
        line (out, indent, "for range %s {", name);
      else
        {
          char value[24];
          g_snprintf (value, sizeof value, "value%d", fresh_variable (writer));
          line (out, indent, "for %s := range %s {", value, name);
          write_use_value (writer, out, indent + 1, value);
        }
      line (out, indent, "}");
      return;
    }
  write_repeated (writer, out, indent, operation, write_one_receive);
}

static void
write_select_either (Writer *writer, GString *out, int indent, const Operation *operation)
{
  char value[24];
  g_snprintf (value, sizeof value, "value%d", fresh_variable (writer));
  line (out, indent, "select {");
  line (out, indent, "case %s := <-%s:", value,
        channel_name (writer, operation->channel, USE_RECEIVE));
  write_use_value (writer, out, indent + 1, value);
  line (out, indent, "case <-%s:", channel_name (writer, operation->other_channel, USE_RECEIVE));
  if (random_percent (&writer->program->random, 40))
    write_small_action (writer, out, indent + 1, FALSE);
  line (out, indent, "}");
}

/* for { select { case <-ticker.C: ... case <-stop: return } } and variants */
static void
write_ticker_loop (Writer *writer, GString *out, int indent, const Operation *operation)
{
  Random *random = &writer->program->random;
  gboolean deferred_stop = operation->style & 1;
  gboolean ranged = (operation->style & 2) && operation->channel >= 0;
  writer->program->uses_time = TRUE;
  writer->in_endless_loop = TRUE;
  line (out, indent, "ticker := time.NewTicker(time.Second)");
  if (deferred_stop)
    line (out, indent, "defer ticker.Stop()");
  if (ranged)
    {
      line (out, indent, "for range ticker.C {");
      line (out, indent + 1, "select {");
      line (out, indent + 1, "case <-%s:", channel_name (writer, operation->channel, USE_RECEIVE));
      if (!deferred_stop)
        line (out, indent + 2, "ticker.Stop()");
      line (out, indent + 2, "return");
      line (out, indent + 1, "default:");
      if (random_percent (random, 50))
        write_small_action (writer, out, indent + 2, FALSE);
      line (out, indent + 1, "}");
      line (out, indent, "}");
    }
  else
    {
      line (out, indent, "for {");
      line (out, indent + 1, "select {");
      line (out, indent + 1, "case <-ticker.C:");
      if (random_percent (random, 60))
        write_small_action (writer, out, indent + 2, FALSE);
      if (operation->channel >= 0)
        {
          line (out, indent + 1, "case <-%s:", channel_name (writer, operation->channel, USE_RECEIVE));
          if (!deferred_stop && random_percent (random, 60))
            line (out, indent + 2, "ticker.Stop()");
          line (out, indent + 2, "return");
        }
      line (out, indent + 1, "}");
      line (out, indent, "}");
    }
  writer->in_endless_loop = FALSE;
}

/* for { select { case <-stop: return; default: } } */
static void
write_spin_loop (Writer *writer, GString *out, int indent, const Operation *operation)
{
  writer->in_endless_loop = TRUE;
  line (out, indent, "for {");
  line (out, indent + 1, "select {");
  if (operation->channel >= 0)
    {
      line (out, indent + 1, "case <-%s:", channel_name (writer, operation->channel, USE_RECEIVE));
      line (out, indent + 2, "return");
    }
  line (out, indent + 1, "default:");
  if (random_percent (&writer->program->random, 60))
    write_small_action (writer, out, indent + 2, FALSE);
  line (out, indent + 1, "}");
  line (out, indent, "}");
  writer->in_endless_loop = FALSE;
}

static void write_spawn (Writer *writer, GString *out, int indent, int party);

static void
write_operation (Writer *writer, GString *out, int indent, const Operation *operation)
{
  Program *program = writer->program;
  if (operation->lock != LOCK_NONE)
    {
      line (out, indent, "%s.Lock()", mutex_name (writer));
      if (operation->lock == LOCK_DEFER_UNLOCK)
        line (out, indent, "defer %s.Unlock()", mutex_name (writer));
    }
  switch (operation->kind)
    {
    case OPERATION_SEND:
      write_repeated (writer, out, indent, operation, write_one_send);
      break;
    case OPERATION_RECEIVE:
      write_receive (writer, out, indent, operation);
      break;
    case OPERATION_CLOSE:
      line (out, indent, "close(%s)", channel_name (writer, operation->channel, USE_CLOSE));
      break;
    case OPERATION_COUNT_UP:
      if (may_count (writer))
        line (out, indent, "%s++", counter_name (writer, FALSE));
      else
        write_small_action (writer, out, indent, FALSE);
      break;
    case OPERATION_CHECK_COUNT:
      line (out, indent, "if %s > %d {", counter_name (writer, TRUE), operation->count);
      write_small_action (writer, out, indent + 1, TRUE);
      line (out, indent, "}");
      break;
    case OPERATION_WAIT_GROUP_ADD:
      {
        int delta = operation->count + program->wait_group_adjustment;
        if (delta != 0)
          line (out, indent, "%s.Add(%d)", wait_group_name (writer), delta);
      }
      break;
    case OPERATION_WAIT_GROUP_DONE:
      line (out, indent, "%s.Done()", wait_group_name (writer));
      break;
    case OPERATION_WAIT_GROUP_WAIT:
      line (out, indent, "%s.Wait()", wait_group_name (writer));
      break;
    case OPERATION_SPAWN:
      write_spawn (writer, out, indent, operation->party);
      break;
    case OPERATION_TICKER_LOOP:
      write_ticker_loop (writer, out, indent, operation);
      break;
    case OPERATION_SPIN_LOOP:
      write_spin_loop (writer, out, indent, operation);
      break;
    case OPERATION_SLEEP:
      program->uses_time = TRUE;
      line (out, indent, "time.Sleep(time.Millisecond)");
      break;
    case OPERATION_SELECT_EITHER:
      write_select_either (writer, out, indent, operation);
      break;
    }
  if (operation->lock == LOCK_AROUND)
    line (out, indent, "%s.Unlock()", mutex_name (writer));
}

static void
write_party_body (Writer *writer, GString *out, int indent)
{
  Party *party = writer->party;
  int i;
  if (party->holds_mutex)
    {
      line (out, indent, "%s.Lock()", mutex_name (writer));
      line (out, indent, "defer %s.Unlock()", mutex_name (writer));
    }
  if (party->wait_group_member && party->defer_done)
    line (out, indent, "defer %s.Done()", wait_group_name (writer));
  if (party->deferred_close >= 0)
    line (out, indent, "defer close(%s)", channel_name (writer, party->deferred_close, USE_CLOSE));
  for (i = 0; i < party->n_operations; i++)
    write_operation (writer, out, indent, &party->operations[i]);
  if (party->wait_group_member && !party->defer_done)
    line (out, indent, "%s.Done()", wait_group_name (writer));
}

static void
writer_init (Writer *writer, Program *program, Party *party, gboolean by_parameter, gboolean named)
{
  int i;
  memset (writer, 0, sizeof *writer);
  writer->program = program;
  writer->party = party;
  writer->by_parameter = by_parameter;
  writer->named = named;
  for (i = 0; i < MAX_CHANNELS; i++)
    writer->parameter_of_channel[i] = -1;
}

/* "source <-chan int, sink chan int" and "jobs, results" */
static void
write_parameters (Writer *writer, GString *parameters, GString *arguments)
{
  Program *program = writer->program;
  int i;
  for (i = 0; i < writer->n_parameters; i++)
    {
      unsigned usage = writer->parameter_usage[i];
      const char *type = "chan int";
      if (usage == USE_RECEIVE && random_percent (&program->random, 50))
        type = "<-chan int";
      else if (!(usage & USE_RECEIVE) && random_percent (&program->random, 50))
        type = "chan<- int";
      g_string_append_printf (parameters, "%s%s %s", i ? ", " : "", parameter_names[i], type);
      g_string_append_printf (arguments, "%s%s", i ? ", " : "",
                              program->channels[writer->channel_of_parameter[i]].name);
    }
  if (writer->named && writer->needs_wait_group)
    {
      g_string_append_printf (parameters, "%swg *sync.WaitGroup", writer->n_parameters ? ", " : "");
      g_string_append_printf (arguments, "%s&wg", writer->n_parameters ? ", " : "");
    }
  if (writer->named && writer->needs_mutex)
    {
      gboolean first = writer->n_parameters == 0 && !writer->needs_wait_group;
      g_string_append_printf (parameters, "%smu *sync.Mutex", first ? "" : ", ");
      g_string_append_printf (arguments, "%s&mu", first ? "" : ", ");
    }
}

/* go worker1(...) / go func(...) {...}(...) / go func() {...}(), maybe in a loop */
static void
write_spawn (Writer *main_writer, GString *out, int indent, int party_index)
{
  Program *program = main_writer->program;
  Party *party = &program->parties[party_index];
  Writer writer;
  GString *body = g_string_new (NULL);
  GString *parameters = g_string_new (NULL);
  GString *arguments = g_string_new (NULL);
  int go_indent = indent;

  if (party->copies > 1)
    {
      line (out, indent, "for i := 0; i < %d; i++ {", party->copies);
      go_indent++;
    }
  if (party->wait_group_member && program->add_per_spawn)
    {
      int delta = 1 + (party_index == 1 ? program->wait_group_adjustment : 0);
      if (delta != 0)
        line (out, go_indent, "%s.Add(%d)", wait_group_name (main_writer), delta);
    }
  if (party->named)
    {
      int number = ++program->next_function;
      writer_init (&writer, program, party, TRUE, TRUE);
      write_party_body (&writer, body, 1);
      write_parameters (&writer, parameters, arguments);
      g_string_append_printf (program->functions, "func worker%d(%s) {\n%s}\n\n",
                              number, parameters->str, body->str);
      line (out, go_indent, "go worker%d(%s)", number, arguments->str);
    }
  else
    {
      writer_init (&writer, program, party, party->with_parameters, FALSE);
      write_party_body (&writer, body, go_indent + 1);
      write_parameters (&writer, parameters, arguments);
      line (out, go_indent, "go func(%s) {", parameters->str);
      g_string_append (out, body->str);
      line (out, go_indent, "}(%s)", arguments->str);
    }
  if (party->copies > 1)
    line (out, indent, "}");
  g_string_free (body, TRUE);
  g_string_free (parameters, TRUE);
  g_string_free (arguments, TRUE);
}

static char *
write_program (Program *program, guint64 seed, int number)
{
  GString *text = g_string_new (NULL);
  GString *main_body = g_string_new (NULL);
  Writer writer;
  int channel;

  program->functions = g_string_new (NULL);
  writer_init (&writer, program, &program->parties[MAIN_PARTY], FALSE, FALSE);
  write_party_body (&writer, main_body, 1);
  if (program->counter_referenced && !program->counter_read)
    {
      Operation check = operation_new (OPERATION_CHECK_COUNT, -1);
      check.count = random_below (&program->random, 3);
      if (program->parties[MAIN_PARTY].loops_forever || random_percent (&program->random, 50))
        line (main_body, 1, "_ = %s", counter_name (&writer, TRUE));
      else
        write_operation (&writer, main_body, 1, &check);
    }

  g_string_append_printf (text, "// Generated by tests/gen_programs %" G_GUINT64_FORMAT " (program %d).\n",
                          seed, number);
  g_string_append (text, "package main\n\n");
  {
    const char *imports[3];
    int n_imports = 0, i;
    if (program->uses_runtime)
      imports[n_imports++] = "runtime";
    if (program->mutex_referenced || program->wait_group_referenced)
      imports[n_imports++] = "sync";
    if (program->uses_time)
      imports[n_imports++] = "time";
    if (n_imports == 1)
      g_string_append_printf (text, "import \"%s\"\n\n", imports[0]);
    else if (n_imports > 1)
      {
        g_string_append (text, "import (\n");
        for (i = 0; i < n_imports; i++)
          g_string_append_printf (text, "\t\"%s\"\n", imports[i]);
        g_string_append (text, ")\n\n");
      }
  }
  g_string_append (text, program->functions->str);
  g_string_append (text, "func main() {\n");
  for (channel = 0; channel < program->n_channels; channel++)
    {
      Channel *c = &program->channels[channel];
      if (!c->referenced)
        continue;
      if (c->is_nil)
        line (text, 1, "var %s chan int", c->name);
      else if (c->capacity == 0)
        line (text, 1, "%s := make(chan int)", c->name);
      else
        line (text, 1, "%s := make(chan int, %d)", c->name, c->capacity);
    }
  if (program->mutex_referenced)
    line (text, 1, "var mu sync.Mutex");
  if (program->wait_group_referenced)
    line (text, 1, "var wg sync.WaitGroup");
  if (program->counter_referenced)
    line (text, 1, "count := 0");
  g_string_append (text, main_body->str);
  g_string_append (text, "}\n");
  g_string_free (main_body, TRUE);
  g_string_free (program->functions, TRUE);
  return g_string_free (text, FALSE);
}

/* ---- value programs ------------------------------------------------------ */

/* The programs above send constants and mostly ignore what they receive.  A
 * value program makes control flow depend on values that travel between
 * goroutines, so that lang/relevance.c (the untracked values reduction) has
 * decisions to keep and prints to drop: main feeds a pool of workers (one or
 * two stages, maybe several copies told apart by an id parameter) and
 * collects their results; a value received is carried (see carry) through
 * a struct field, a slice, a map, a global, a captured variable, a pointer,
 * a helper function, a method or method value, a function value, an
 * interface, a type switch, an atomic, a variable assigned twice or on one
 * branch..., and then decides (if, switch, a loop bound, a capacity, a
 * WaitGroup count, a divisor) whether to send, receive again, close,
 * return, lock, panic (maybe recovered, the value then deciding) or block;
 * or a decision on one value sends another; or it is only printed.  Maybe
 * also a shared state that the workers write and main reads, a server
 * answering requests (a struct with a reply channel), a select between two
 * goroutines started with a value parameter, a reference (pointer, slice,
 * map, interface) or a struct with an array and a pointer handed over.
 * Small (main and 1 to 5 goroutines) and without cycles between main and
 * the workers, where values could grow without bound. */

enum {
  DECL_SCALE = 1 << 0,
  DECL_CLASSIFY = 1 << 1,
  DECL_BOX = 1 << 2,
  DECL_ACC = 1 << 3,
  DECL_REPORT = 1 << 4,
  DECL_APPLY = 1 << 5,
  DECL_VALUER = 1 << 6,
  DECL_BUMP = 1 << 7,
  DECL_LAST = 1 << 8,
  DECL_MUTEX = 1 << 9,
  DECL_WAIT_GROUP = 1 << 10,
  DECL_JOB = 1 << 11,
  DECL_RESULT = 1 << 12,
  DECL_STUCK = 1 << 13,
  DECL_STATE = 1 << 14,
  DECL_CHOOSE = 1 << 15,
  DECL_TOTAL = 1 << 16,
  DECL_ADDER = 1 << 17,
  DECL_TWICE = 1 << 18,
  DECL_DOWN = 1 << 19,
  DECL_PACKET = 1 << 20,
};

typedef enum {
  SHARED_NONE,
  SHARED_GLOBAL,      /* var last int */
  SHARED_POINTER,     /* st *state: a field, a map, a slice */
  SHARED_CAPTURED,    /* a local of main that closures write */
} SharedKind;

typedef struct {
  Random *random;
  GString *decls;           /* types, globals, helpers: before the workers */
  GString *functions;       /* named workers */
  unsigned declared;        /* DECL_* written */
  gboolean uses_fmt, uses_sync, uses_time, uses_atomic;
  int next_variable, next_function;
  SharedKind shared;
  gboolean shared_locked;   /* the shared state is written under mu */
  gboolean wait_group;      /* the last stage's workers call wg.Done */
  int goroutines;           /* started so far (go statements, copies counted) */
} Values;

/* Where a statement is written and what it may name. */
typedef struct {
  Values *values;
  GString *out;
  const char *id;           /* an int parameter that may decide, or NULL */
  const char *in;           /* a channel to receive more from (dropped), or NULL */
  const char *out_ch;       /* where results go, or NULL */
  gboolean out_result;      /* out_ch carries result structs */
  gboolean forward;         /* a value processed is then sent on out_ch */
  gboolean may_close;       /* out_ch may be closed here */
  const char *shared;       /* how the shared state is named here, or NULL */
  gboolean in_loop;         /* continue and break are allowed */
  gboolean is_main;
  gboolean wait_group_member;
  gboolean spawned;         /* in a goroutine started by a consequence */
  gboolean recovering;      /* a deferred recover() decides on a panic's value */
} Body;

static int
value_fresh (Values *values)
{
  return ++values->next_variable;
}

/* Writes the declaration WHAT once. */
static void
need (Values *values, unsigned what)
{
  Random *random = values->random;
  GString *d = values->decls;
  if (values->declared & what)
    return;
  values->declared |= what;
  switch (what)
    {
    case DECL_SCALE:
      {
        static const char *const bodies[] = {
          "x*2 + 1", "x + 1", "x % 3", "x*x - 1", "3 - x", "(x + 1) / 2",
        };
        g_string_append_printf (d, "func scale(x int) int {\n\treturn %s\n}\n\n",
                                bodies[random_below (random, G_N_ELEMENTS (bodies))]);
      }
      break;
    case DECL_CLASSIFY:
      g_string_append_printf (d, "func classify(x int) (int, bool) {\n"
                              "\tif x > %d {\n\t\treturn x - 1, true\n\t}\n"
                              "\treturn x + 1, false\n}\n\n", random_below (random, 3));
      break;
    case DECL_BOX:
      g_string_append (d, "type box struct {\n\tn   int\n\ttag int\n}\n\n"
                       "func (b *box) put(x int) {\n\tb.n = x\n}\n\n"
                       "func (b box) get() int {\n\treturn b.n + b.tag\n}\n\n");
      break;
    case DECL_ACC:
      g_string_append (d, "type acc struct {\n\tsum int\n\tmax int\n}\n\n"
                       "func (a *acc) add(x int) int {\n\ta.sum += x\n"
                       "\tif x > a.max {\n\t\ta.max = x\n\t}\n\treturn a.sum\n}\n\n");
      break;
    case DECL_REPORT:
      values->uses_fmt = TRUE;
      g_string_append (d, "func report(tag string, x int) {\n\tfmt.Println(tag, x)\n}\n\n");
      break;
    case DECL_APPLY:
      g_string_append (d, "func apply(f func(int) int, x int) int {\n\treturn f(x)\n}\n\n");
      break;
    case DECL_VALUER:
      need (values, DECL_BOX);
      g_string_append_printf (d, "type valuer interface {\n\tvalue() int\n}\n\n"
                              "func (b box) value() int {\n\treturn b.n * %d\n}\n\n",
                              1 + random_below (random, 2));
      break;
    case DECL_BUMP:
      g_string_append (d, "func bump(p *int, d int) {\n\t*p += d\n}\n\n");
      break;
    case DECL_LAST:
      g_string_append (d, "var last int\n\n");
      break;
    case DECL_MUTEX:
      values->uses_sync = TRUE;
      g_string_append (d, "var mu sync.Mutex\n\n");
      break;
    case DECL_WAIT_GROUP:
      values->uses_sync = TRUE;
      g_string_append (d, "var wg sync.WaitGroup\n\n");
      break;
    case DECL_JOB:
      g_string_append (d, "type job struct {\n\tn     int\n\treply chan int\n}\n\n");
      break;
    case DECL_RESULT:
      g_string_append (d, "type result struct {\n\tid int\n\tn  int\n}\n\n");
      break;
    case DECL_STUCK:
      g_string_append (d, "var stuck = make(chan int)\n\n");
      break;
    case DECL_STATE:
      g_string_append (d, "type state struct {\n\ttotal int\n\tseen  map[int]int\n\tvals  []int\n}\n\n");
      break;
    case DECL_TOTAL:
      g_string_append (d, "func total(xs ...int) int {\n\tt := 0\n"
                       "\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n\n");
      break;
    case DECL_ADDER:
      g_string_append (d, "func adder(k int) func(int) int {\n"
                       "\treturn func(x int) int {\n\t\treturn x + k\n\t}\n}\n\n");
      break;
    case DECL_TWICE:
      /* a named result changed by a deferred closure */
      g_string_append (d, "func twice(x int) (r int) {\n\tdefer func() {\n\t\tr += x\n\t}()\n"
                       "\tr = x\n\treturn\n}\n\n");
      break;
    case DECL_DOWN:
      g_string_append (d, "func down(n int) int {\n\tif n <= 0 {\n\t\treturn 0\n\t}\n"
                       "\treturn 1 + down(n-1)\n}\n\n");
      break;
    case DECL_PACKET:
      need (values, DECL_BOX);
      g_string_append (d, "type packet struct {\n\tseq  int\n\tvals [2]int\n\tmeta *box\n}\n\n");
      break;
    case DECL_CHOOSE:
      g_string_append (d, "func choose(x int, a, b chan int) chan int {\n"
                       "\tif x%2 == 0 {\n\t\treturn a\n\t}\n\treturn b\n}\n\n");
      break;
    }
}

static void value_print (Body *body, int indent, const char *w);
static void decide (Body *body, int indent, const char *w);

/* An int expression of X (a variable or a field), maybe and of ID. */
static void
arithmetic (Values *values, const char *x, const char *id, char *buffer, size_t size)
{
  Random *random = values->random;
  int k = 1 + random_below (random, 2);
  int roll = random_below (random, 100);
  if (roll < 6)
    {
      /* divides by the value: panics when it is 0 */
      g_snprintf (buffer, size, "%d / %s", 6 * k, x);
      return;
    }
  if (roll < 10)
    {
      /* shifts by the value: panics when it is negative */
      g_snprintf (buffer, size, "%d << (%s %% 4)", k, x);
      return;
    }
  if (roll < 18)
    {
      /* negated */
      if (random_percent (random, 50))
        g_snprintf (buffer, size, "-%s", x);
      else
        g_snprintf (buffer, size, "%d - -%s", k, x);
      return;
    }
  switch (random_below (random, id ? 9 : 7))
    {
    case 0: g_snprintf (buffer, size, "%s*2 + %d", x, k - 1); break;
    case 1: g_snprintf (buffer, size, "%s %% 3", x); break;
    case 2: g_snprintf (buffer, size, "%s - %d", x, k); break;
    case 3: g_snprintf (buffer, size, "%s + %d", x, k); break;
    case 4: g_snprintf (buffer, size, "%s * %s", x, x); break;
    case 5: g_snprintf (buffer, size, "(%s + 1) / 2", x); break;
    case 6: g_snprintf (buffer, size, "%d - %s", k + 1, x); break;
    case 7: g_snprintf (buffer, size, "%s + %s", x, id); break;
    default: g_snprintf (buffer, size, "(%s*3 + %s) %% 4", x, id); break;
    }
}

/* Statements that carry SRC (a variable or a field) into a new variable,
   whose name is written to W: through a struct, a slice, a map, a global...
   SRC is used; W is not yet. */
static void
carry (Body *body, int indent, const char *src, char *w, size_t size)
{
  Values *values = body->values;
  Random *random = values->random;
  GString *out = body->out;
  int n = value_fresh (values);
  int k = 1 + random_below (random, 2);
  char expression[96];
  g_snprintf (w, size, "w%d", n);
  switch (random_below (random, 28))
    {
    case 0:
    case 1:
      arithmetic (values, src, body->id, expression, sizeof expression);
      line (out, indent, "%s := %s", w, expression);
      break;
    case 2:
      need (values, DECL_SCALE);
      line (out, indent, "%s := scale(%s)", w, src);
      break;
    case 3:
      need (values, DECL_CLASSIFY);
      if (random_percent (random, 50))
        {
          line (out, indent, "%s, big%d := classify(%s)", w, n, src);
          line (out, indent, "if big%d {", n);
          line (out, indent + 1, "%s++", w);
          line (out, indent, "}");
        }
      else
        line (out, indent, "%s, _ := classify(%s)", w, src);
      break;
    case 4:
      need (values, DECL_BOX);
      switch (random_below (random, 3))
        {
        case 0:
          line (out, indent, "b%d := box{n: %s, tag: %d}", n, src, k - 1);
          line (out, indent, "%s := b%d.get()", w, n);
          break;
        case 1:
          line (out, indent, "b%d := &box{}", n);
          line (out, indent, "b%d.put(%s)", n, src);
          line (out, indent, "%s := b%d.n", w, n);
          break;
        default:
          line (out, indent, "var b%d box", n);
          line (out, indent, "b%d.tag = %d", n, k);
          line (out, indent, "b%d.put(%s)", n, src);
          line (out, indent, "%s := b%d.get()", w, n);
        }
      break;
    case 5:
      need (values, DECL_ACC);
      if (random_percent (random, 50))
        {
          line (out, indent, "a%d := acc{}", n);
          line (out, indent, "a%d.add(%s)", n, src);
          line (out, indent, "%s := a%d.add(%d)", w, n, k - 1);
        }
      else
        {
          line (out, indent, "var a%d acc", n);
          line (out, indent, "a%d.add(%d)", n, k);
          line (out, indent, "a%d.add(%s)", n, src);
          line (out, indent, "%s := a%d.max", w, n);
        }
      break;
    case 6:
      switch (random_below (random, body->id ? 5 : 4))
        {
        case 0:
          line (out, indent, "s%d := []int{%d, %s}", n, k, src);
          line (out, indent, "%s := s%d[1]", w, n);
          break;
        case 1:
          line (out, indent, "s%d := make([]int, 0, 2)", n);
          line (out, indent, "s%d = append(s%d, %s, %d)", n, n, src, k);
          line (out, indent, "%s := s%d[0] + s%d[len(s%d)-1]", w, n, n, n);
          break;
        case 2:
          line (out, indent, "s%d := []int{%s, %s + 1}", n, src, src);
          line (out, indent, "%s := 0", w);
          line (out, indent, "for _, x := range s%d {", n);
          line (out, indent + 1, "%s += x", w);
          line (out, indent, "}");
          break;
        case 3:
          /* the value is an index: out of range when negative or large */
          line (out, indent, "s%d := []int{2, 0, 1, 3}", n);
          line (out, indent, "%s := s%d[%s%%4]", w, n, src);
          break;
        default:
          line (out, indent, "s%d := make([]int, 3)", n);
          line (out, indent, "s%d[%s%%3] = %s", n, body->id, src);
          line (out, indent, "%s := s%d[%s%%3]", w, n, body->id);
        }
      break;
    case 7:
      line (out, indent, "arr%d := [2]int{%s, %d}", n, src, k);
      line (out, indent, "%s := arr%d[0] + arr%d[1]", w, n, n);
      break;
    case 8:
      switch (random_below (random, 3))
        {
        case 0:
          line (out, indent, "m%d := map[int]int{}", n);
          line (out, indent, "m%d[%d] = %s", n, k, src);
          line (out, indent, "%s := m%d[%d]", w, n, k);
          break;
        case 1:
          line (out, indent, "m%d := map[int]bool{%s: true}", n, src);
          line (out, indent, "%s := 0", w);
          line (out, indent, "if m%d[%d] {", n, k);
          line (out, indent + 1, "%s = %d", w, k + 1);
          line (out, indent, "}");
          break;
        default:
          line (out, indent, "m%d := map[int]int{%d: 1}", n, k);
          line (out, indent, "m%d[%s]++", n, src);
          line (out, indent, "%s := len(m%d)", w, n);
        }
      break;
    case 9:
      need (values, DECL_LAST);
      if (random_percent (random, 40))
        {
          need (values, DECL_MUTEX);
          line (out, indent, "mu.Lock()");
          line (out, indent, "last = %s", src);
          line (out, indent, "%s := last", w);
          line (out, indent, "mu.Unlock()");
        }
      else
        {
          line (out, indent, "last = %s", src);
          line (out, indent, "%s := last", w);
        }
      break;
    case 10:
      if (random_percent (random, 50))
        {
          line (out, indent, "get%d := func() int {", n);
          line (out, indent + 1, "return %s + %d", src, k);
          line (out, indent, "}");
          line (out, indent, "%s := get%d()", w, n);
        }
      else
        {
          line (out, indent, "%s := 0", w);
          line (out, indent, "set%d := func(x int) {", n);
          line (out, indent + 1, "%s = x * %d", w, k);
          line (out, indent, "}");
          line (out, indent, "set%d(%s)", n, src);
        }
      break;
    case 11:
      if (random_percent (random, 50))
        {
          line (out, indent, "%s := %s", w, src);
          line (out, indent, "p%d := &%s", n, w);
          line (out, indent, "*p%d += %d", n, k);
        }
      else
        {
          need (values, DECL_BUMP);
          line (out, indent, "%s := %d", w, k - 1);
          line (out, indent, "bump(&%s, %s)", w, src);
        }
      break;
    case 12:
      if (random_percent (random, 50))
        {
          need (values, DECL_APPLY);
          arithmetic (values, "x", NULL, expression, sizeof expression);
          line (out, indent, "f%d := func(x int) int {", n);
          line (out, indent + 1, "return %s", expression);
          line (out, indent, "}");
          line (out, indent, "%s := apply(f%d, %s)", w, n, src);
        }
      else
        {
          need (values, DECL_SCALE);
          line (out, indent, "f%d := scale", n);
          line (out, indent, "%s := f%d(%s)", w, n, src);
        }
      break;
    case 13:
      need (values, DECL_VALUER);
      line (out, indent, "var vr%d valuer = %sbox{n: %s}", n,
            random_percent (random, 50) ? "&" : "", src);
      line (out, indent, "%s := vr%d.value()", w, n);
      break;
    case 14:
      line (out, indent, "c%d := make(chan int, 1)", n);
      line (out, indent, "c%d <- %s", n, src);
      line (out, indent, "%s := <-c%d", w, n);
      break;
    case 15:
      line (out, indent, "%s, ok%d := func(x int) (int, bool) {", w, n);
      line (out, indent + 1, "return x * %d, x > %d", k, random_below (random, 3));
      line (out, indent, "}(%s)", src);
      line (out, indent, "if !ok%d {", n);
      line (out, indent + 1, "%s = %d", w, k + 1);
      line (out, indent, "}");
      break;
    case 16:
      /* method values: the receiver bound when taken */
      need (values, DECL_BOX);
      if (random_percent (random, 50))
        {
          line (out, indent, "b%d := box{n: %s, tag: %d}", n, src, k);
          line (out, indent, "get%d := b%d.get", n, n);
          if (random_percent (random, 40))
            line (out, indent, "b%d.n = %d", n, k);   /* too late: get has a copy */
          line (out, indent, "%s := get%d()", w, n);
        }
      else
        {
          line (out, indent, "b%d := &box{}", n);
          line (out, indent, "put%d := b%d.put", n, n);
          line (out, indent, "put%d(%s)", n, src);
          line (out, indent, "%s := b%d.get()", w, n);
        }
      break;
    case 17:
      need (values, DECL_TOTAL);
      if (random_percent (random, 50))
        line (out, indent, "%s := total(%s, %d)", w, src, k);
      else
        line (out, indent, "%s := total([]int{%d, %s}...)", w, k, src);
      break;
    case 18:
      need (values, DECL_ADDER);
      if (random_percent (random, 50))
        line (out, indent, "%s := adder(%s)(%d)", w, src, k);
      else
        {
          line (out, indent, "add%d := adder(%d)", n, k);
          line (out, indent, "%s := add%d(%s)", w, n, src);
        }
      break;
    case 19:
      need (values, DECL_TWICE);
      line (out, indent, "%s := twice(%s)", w, src);
      break;
    case 20:
      need (values, DECL_DOWN);
      line (out, indent, "%s := down(%s %% 4)", w, src);
      break;
    case 21:
      line (out, indent, "var e%d interface{} = %s", n, src);
      if (random_percent (random, 50))
        {
          line (out, indent, "%s := %d", w, k);
          line (out, indent, "switch t := e%d.(type) {", n);
          line (out, indent, "case int:");
          line (out, indent + 1, "%s = t + %d", w, k);
          line (out, indent, "case string:");
          line (out, indent + 1, "%s = len(t)", w);
          line (out, indent, "}");
        }
      else
        {
          line (out, indent, "%s, ok%d := e%d.(int)", w, n, n);
          line (out, indent, "if !ok%d {", n);
          line (out, indent + 1, "%s = %d", w, k);
          line (out, indent, "}");
        }
      break;
    case 22:
      values->uses_atomic = TRUE;
      line (out, indent, "var at%d int32", n);
      line (out, indent, "atomic.AddInt32(&at%d, int32(%s))", n, src);
      if (random_percent (random, 50))
        line (out, indent, "atomic.AddInt32(&at%d, %d)", n, k);
      line (out, indent, "%s := int(atomic.LoadInt32(&at%d))", w, n);
      break;
    case 23:
      /* one variable, two values: the first only printed or dropped */
      arithmetic (values, src, body->id, expression, sizeof expression);
      line (out, indent, "%s := %s", w, expression);
      if (random_percent (random, 60))
        value_print (body, indent, w);
      else
        line (out, indent, "_ = %s", w);
      arithmetic (values, src, NULL, expression, sizeof expression);
      line (out, indent, "%s = %s", w, expression);
      break;
    case 24:
      /* assigned on one branch */
      if (random_percent (random, 50))
        {
          line (out, indent, "%s := %d", w, k);
          line (out, indent, "if %s > %d {", src, random_below (random, 3));
          line (out, indent + 1, "%s = %s", w, src);
          line (out, indent, "}");
        }
      else
        {
          line (out, indent, "var %s int", w);
          line (out, indent, "if %s%%2 == 0 {", src);
          line (out, indent + 1, "%s = %s / 2", w, src);
          line (out, indent, "} else {");
          line (out, indent + 1, "%s = %s*3 + 1", w, src);
          line (out, indent, "}");
        }
      break;
    case 25:
      /* accumulated in a loop */
      line (out, indent, "%s := 0", w);
      line (out, indent, "for q := 0; q < %d; q++ {", k);
      line (out, indent + 1, "%s = %s*2 + %s", w, w, src);
      line (out, indent, "}");
      break;
    case 26:
      /* swapped */
      line (out, indent, "o%d, %s := %s, %d", n, w, src, k);
      line (out, indent, "o%d, %s = %s, o%d", n, w, w, n);
      break;
    default:
      /* shadowed in a block */
      line (out, indent, "%s := %s", w, src);
      line (out, indent, "{");
      line (out, indent + 1, "%s := %d", w, k);
      value_print (body, indent + 1, w);
      line (out, indent, "}");
    }
}

/* A condition on W (and maybe on the id). */
static void
value_condition (Body *body, const char *w, char *buffer, size_t size)
{
  Random *random = body->values->random;
  int k = random_below (random, 4);
  int roll = random_below (random, 100);
  if (roll < 5)
    {
      /* structs compare field by field */
      need (body->values, DECL_BOX);
      g_snprintf (buffer, size, "(box{n: %s}) == (box{n: %d})", w, k);
      return;
    }
  if (roll < 9)
    {
      g_snprintf (buffer, size, "interface{}(%s) == %d", w, k);
      return;
    }
  switch (random_below (random, body->id ? 9 : 7))
    {
    case 0: g_snprintf (buffer, size, "%s == %d", w, k); break;
    case 1: g_snprintf (buffer, size, "%s != %d", w, k); break;
    case 2: g_snprintf (buffer, size, "%s > %d", w, k); break;
    case 3: g_snprintf (buffer, size, "%s < %d", w, k); break;
    case 4: g_snprintf (buffer, size, "%s%%2 == 0", w); break;
    case 5: g_snprintf (buffer, size, "%s%%3 == %d", w, k % 3); break;
    case 6: g_snprintf (buffer, size, "%s >= %d && %s <= %d", w, k, w, k + 1); break;
    case 7: g_snprintf (buffer, size, "%s == %d", body->id, k % 2); break;
    default: g_snprintf (buffer, size, "%s+%s > %d", w, body->id, k); break;
    }
}

static void
value_print (Body *body, int indent, const char *w)
{
  Values *values = body->values;
  switch (random_below (values->random, 3))
    {
    case 0:
      values->uses_fmt = TRUE;
      line (body->out, indent, "fmt.Println(%s)", w);
      break;
    case 1:
      values->uses_fmt = TRUE;
      line (body->out, indent, "fmt.Println(\"got\", %s)", w);
      break;
    default:
      need (values, DECL_REPORT);
      line (body->out, indent, "report(\"value\", %s)", w);
    }
}

/* The send of W on the body's out channel. */
static void
value_send (Body *body, int indent, const char *w)
{
  Values *values = body->values;
  Random *random = values->random;
  char payload[96];
  int roll = random_below (random, 100);
  if (body->out_result)
    g_snprintf (payload, sizeof payload, "result{id: %s, n: %s}", body->id ? body->id : "0", w);
  else
    g_snprintf (payload, sizeof payload, "%s", w);
  if (roll < 75)
    line (body->out, indent, "%s <- %s", body->out_ch, payload);
  else if (roll < 88)
    {
      line (body->out, indent, "select {");
      line (body->out, indent, "case %s <- %s:", body->out_ch, payload);
      line (body->out, indent, "default:");
      line (body->out, indent, "}");
    }
  else
    {
      values->uses_time = TRUE;
      line (body->out, indent, "select {");
      line (body->out, indent, "case %s <- %s:", body->out_ch, payload);
      line (body->out, indent, "case <-time.After(time.Second):");
      line (body->out, indent, "}");
    }
}

/* What a decision does: the last statement of its block.  Not a jump
   (return, continue, break, panic) unless MAY_JUMP: when every branch of an
   if-else or a switch with default jumps, what follows is unreachable (go
   vet). */
static void
consequence (Body *body, int indent, const char *w, gboolean may_jump)
{
  Values *values = body->values;
  Random *random = values->random;
  GString *out = body->out;
  if (body->recovering && may_jump && random_percent (random, 35))
    {
      line (out, indent, "panic(%s)", w);
      return;
    }
  for (;;)
    switch (random_below (random, 14))
      {
      case 0:
        if (!may_jump)
          break;
        line (out, indent, "return");
        return;
      case 1:
        if (!body->in_loop || !may_jump)
          break;
        line (out, indent, "continue");
        return;
      case 2:
        if (!body->in_loop || !may_jump)
          break;
        line (out, indent, "break");
        return;
      case 3:
        /* main sending back to the workers from its collecting loop: a
           cycle where the values may grow without bound */
        if (!body->out_ch || (body->is_main && body->in_loop))
          break;
        value_send (body, indent, w);
        return;
      case 4:
        if (!body->in)
          break;
        line (out, indent, "<-%s", body->in);
        return;
      case 5:
        if (!body->out_ch || !body->may_close)
          break;
        line (out, indent, "close(%s)", body->out_ch);
        return;
      case 6:
        need (values, DECL_MUTEX);
        line (out, indent, "mu.Lock()");   /* never unlocked */
        return;
      case 7:
        if (!may_jump)
          break;
        if (random_percent (random, 50))
          line (out, indent, "panic(%s)", w);   /* maybe recovered: see worker_body */
        else
          line (out, indent, "panic(\"bad value\")");
        return;
      case 8:
        need (values, DECL_STUCK);
        if (random_percent (random, 70))
          line (out, indent, "<-stuck");
        else
          line (out, indent, "stuck <- %s", w);
        return;
      case 9:
        if (!body->wait_group_member)
          break;
        line (out, indent, "wg.Done()");
        return;
      case 10:
        value_print (body, indent, w);
        return;
      case 11:
        need (values, DECL_MUTEX);
        line (out, indent, "mu.Lock()");
        if (random_percent (random, 50))
          value_print (body, indent, w);
        line (out, indent, "mu.Unlock()");
        return;
      case 12:
        if (!body->in)
          break;
        line (out, indent, "select {");
        line (out, indent, "case <-%s:", body->in);
        line (out, indent, "default:");
        line (out, indent, "}");
        return;
      default:
        /* a goroutine started with the value decides */
        if (body->in_loop || body->spawned || values->goroutines >= 4)
          break;
        {
          Body inner = *body;
          inner.spawned = TRUE;
          inner.recovering = FALSE;   /* its own goroutine: nothing recovers */
          inner.id = NULL;
          inner.in_loop = FALSE;
          values->goroutines++;
          line (out, indent, "go func(x int) {");
          decide (&inner, indent + 1, "x");
          line (out, indent, "}(%s)", w);
        }
        return;
      }
}

/* if / if-else / switch on C (and loop bounds, capacities, WaitGroup
   counts); what is done in the branches may use W, another value: a
   payload sent, a panic's value, relevant only if someone decides on it. */
static void
decide_on (Body *body, int indent, const char *c, const char *w)
{
  Random *random = body->values->random;
  GString *out = body->out;
  char condition[96];
  int roll = random_below (random, 100);
  value_condition (body, c, condition, sizeof condition);
  if (roll < 4)
    {
      /* the value is a capacity: unbuffered blocks, negative panics */
      int n = value_fresh (body->values);
      line (out, indent, "cq%d := make(chan int, %s%%2)", n, c);
      line (out, indent, "cq%d <- 1", n);
      return;
    }
  if (roll < 7)
    {
      /* the value is a WaitGroup count: Wait blocks, negative panics */
      int n = value_fresh (body->values);
      body->values->uses_sync = TRUE;
      line (out, indent, "var wq%d sync.WaitGroup", n);
      line (out, indent, "wq%d.Add(%s %% 2)", n, c);
      line (out, indent, "wq%d.Wait()", n);
      return;
    }
  if (roll < 50)
    {
      line (out, indent, "if %s {", condition);
      consequence (body, indent + 1, w, TRUE);
      line (out, indent, "}");
    }
  else if (roll < 70)
    {
      line (out, indent, "if %s {", condition);
      consequence (body, indent + 1, w, TRUE);
      line (out, indent, "} else {");
      consequence (body, indent + 1, w, FALSE);
      line (out, indent, "}");
    }
  else if (roll < 74)
    {
      /* the value bounds a loop */
      line (out, indent, "for q := 0; q < %s%%3; q++ {", c);
      consequence (body, indent + 1, w, FALSE);
      line (out, indent, "}");
    }
  else if (roll < 82)
    {
      char second[96];
      value_condition (body, c, second, sizeof second);
      line (out, indent, "if %s {", condition);
      consequence (body, indent + 1, w, TRUE);
      line (out, indent, "} else if %s {", second);
      consequence (body, indent + 1, w, TRUE);
      line (out, indent, "}");
    }
  else
    {
      int first = random_below (random, 3);
      int other = (first + 1 + random_below (random, 2)) % 3;
      if (random_percent (random, 50))
        line (out, indent, "switch %s %% 3 {", c);
      else
        line (out, indent, "switch %s {", c);
      line (out, indent, "case %d:", first);
      consequence (body, indent + 1, w, TRUE);
      line (out, indent, "case %d:", other);
      consequence (body, indent + 1, w, TRUE);
      if (random_percent (random, 40))
        {
          line (out, indent, "default:");
          consequence (body, indent + 1, w, FALSE);
        }
      line (out, indent, "}");
    }
}

static void
decide (Body *body, int indent, const char *w)
{
  decide_on (body, indent, w, w);
}

/* Writes W into the shared state. */
static void
shared_store (Body *body, int indent, const char *w)
{
  Values *values = body->values;
  Random *random = values->random;
  if (values->shared_locked)
    line (body->out, indent, "mu.Lock()");
  switch (values->shared)
    {
    case SHARED_GLOBAL:
      line (body->out, indent, random_percent (random, 50) ? "last = %s" : "last += %s", w);
      break;
    case SHARED_POINTER:
      switch (random_below (random, 3))
        {
        case 0: line (body->out, indent, "%s.total += %s", body->shared, w); break;
        case 1: line (body->out, indent, "%s.seen[%s]++", body->shared, w); break;
        default: line (body->out, indent, "%s.vals = append(%s.vals, %s)", body->shared, body->shared, w);
        }
      break;
    default:
      line (body->out, indent, "%s += %s", body->shared, w);
    }
  if (values->shared_locked)
    line (body->out, indent, "mu.Unlock()");
}

/* What is done with V, received: carried, decided on, stored, sent on,
   printed.  V is used. */
static void
process (Body *body, int indent, const char *v)
{
  Values *values = body->values;
  Random *random = values->random;
  char w[24], w2[24];
  gboolean used = FALSE;
  if (random_percent (random, 15))
    g_snprintf (w, sizeof w, "%s", v);
  else
    {
      carry (body, indent, v, w, sizeof w);
      if (random_percent (random, 20))
        {
          carry (body, indent, w, w2, sizeof w2);
          memcpy (w, w2, sizeof w);
        }
    }
  if (random_percent (random, 25))
    {
      value_print (body, indent, random_percent (random, 50) ? v : w);
      used = used || strcmp (w, v) == 0;
    }
  if (body->shared && random_percent (random, 45))
    {
      shared_store (body, indent, w);
      used = TRUE;
    }
  if (strcmp (w, v) != 0 && random_percent (random, 20))
    decide_on (body, indent, v, w);   /* w may be used there: not surely */
  else if (random_percent (random, 60))
    {
      decide (body, indent, w);
      used = TRUE;
    }
  if (body->out_ch && body->forward)
    {
      value_send (body, indent, w);
      used = TRUE;
    }
  if (!used)
    {
      if (random_percent (random, 60))
        value_print (body, indent, w);
      else
        line (body->out, indent, "_ = %s", w);
    }
}

typedef enum {
  RECEIVE_ONCE,
  RECEIVE_COUNT,
  RECEIVE_RANGE,
  RECEIVE_OK,
  RECEIVE_SELECT,
  RECEIVE_FOR_SELECT,
  RECEIVE_SELECT_ASSIGN,  /* var v int; select { case v = <-in: ... } */
  RECEIVE_COUNTING,       /* counts what it ranges over, then prints or decides */
  RECEIVE_ASSIGN_OK,      /* v, ok = <-in into variables declared before */
} ReceiveStyle;

/* defer func() { if r := recover(); ... r == K ... }(): a panic's value
   decides; the body's consequences then panic with values more often. */
static void
write_recover (Body *body, int indent)
{
  Values *values = body->values;
  Random *random = values->random;
  GString *out = body->out;
  values->uses_fmt = TRUE;
  body->recovering = TRUE;
  line (out, indent, "defer func() {");
  line (out, indent + 1, "if r := recover(); r != nil {");
  line (out, indent + 2, "if r == %d {", random_below (random, 4));
  switch (random_below (random, 3))
    {
    case 0:
      need (values, DECL_STUCK);
      line (out, indent + 3, "<-stuck");
      break;
    case 1:
      need (values, DECL_MUTEX);
      line (out, indent + 3, "mu.Lock()");
      break;
    default:
      line (out, indent + 3, "panic(r)");
    }
  line (out, indent + 2, "}");
  line (out, indent + 2, "fmt.Println(\"recovered\", r)");
  line (out, indent + 1, "}");
  line (out, indent, "}()");
}

/* The body of a worker: receives from body->in, processes, sends on. */
static void
worker_body (Body *body, int indent, ReceiveStyle style, int count, gboolean defer_done)
{
  Values *values = body->values;
  Random *random = values->random;
  GString *out = body->out;
  char v[24];
  int n = value_fresh (values);
  g_snprintf (v, sizeof v, "v%d", n);
  if (body->wait_group_member && defer_done)
    line (out, indent, "defer wg.Done()");
  if (random_percent (random, 15))
    write_recover (body, indent);
  if (body->id && random_percent (random, 12))
    {
      /* a deferred closure decides on its parameter */
      Body deferred = *body;
      deferred.in_loop = FALSE;
      deferred.id = NULL;
      line (out, indent, "defer func(x int) {");
      decide (&deferred, indent + 1, "x");
      line (out, indent, "}(%s)", body->id);
    }
  if (body->id && random_percent (random, 20))
    {
      Body early = *body;
      early.in_loop = FALSE;
      line (out, indent, "if %s == %d {", body->id, random_below (random, 2));
      consequence (&early, indent + 1, body->id, TRUE);
      line (out, indent, "}");
    }
  switch (style)
    {
    case RECEIVE_ONCE:
      line (out, indent, "%s := <-%s", v, body->in);
      process (body, indent, v);
      break;
    case RECEIVE_COUNT:
      line (out, indent, "for k := 0; k < %d; k++ {", count);
      line (out, indent + 1, "%s := <-%s", v, body->in);
      body->in_loop = TRUE;
      process (body, indent + 1, v);
      body->in_loop = FALSE;
      line (out, indent, "}");
      break;
    case RECEIVE_RANGE:
      line (out, indent, "for %s := range %s {", v, body->in);
      body->in_loop = TRUE;
      process (body, indent + 1, v);
      body->in_loop = FALSE;
      line (out, indent, "}");
      break;
    case RECEIVE_OK:
      line (out, indent, "%s, ok%d := <-%s", v, n, body->in);
      line (out, indent, "if !ok%d {", n);
      line (out, indent + 1, "return");
      line (out, indent, "}");
      process (body, indent, v);
      break;
    case RECEIVE_SELECT:
      values->uses_time = TRUE;
      line (out, indent, "select {");
      line (out, indent, "case %s := <-%s:", v, body->in);
      process (body, indent + 1, v);
      line (out, indent, "case <-time.After(time.Second):");
      if (random_percent (random, 40))
        consequence (body, indent + 1, "0", TRUE);
      line (out, indent, "}");
      break;
    case RECEIVE_FOR_SELECT:
      /* ends only by a return: nothing may follow (see defer_done) */
      values->uses_time = TRUE;
      line (out, indent, "for {");
      line (out, indent + 1, "select {");
      line (out, indent + 1, "case %s, ok%d := <-%s:", v, n, body->in);
      line (out, indent + 2, "if !ok%d {", n);
      line (out, indent + 3, "return");
      line (out, indent + 2, "}");
      body->in_loop = TRUE;
      process (body, indent + 2, v);
      body->in_loop = FALSE;
      line (out, indent + 1, "case <-time.After(time.Second):");
      line (out, indent + 2, "return");
      line (out, indent + 1, "}");
      line (out, indent, "}");
      break;
    case RECEIVE_SELECT_ASSIGN:
      line (out, indent, "var %s int", v);
      line (out, indent, "select {");
      line (out, indent, "case %s = <-%s:", v, body->in);
      if (random_percent (random, 50))
        {
          values->uses_time = TRUE;
          line (out, indent, "case <-time.After(time.Second):");
        }
      else
        line (out, indent, "default:");
      if (random_percent (random, 50))
        line (out, indent + 1, "%s = %d", v, 1 + random_below (random, 3));
      line (out, indent, "}");
      process (body, indent, v);
      break;
    case RECEIVE_COUNTING:
      {
        char counter[24];
        g_snprintf (counter, sizeof counter, "n%d", n);
        line (out, indent, "%s := 0", counter);
        line (out, indent, "for %s := range %s {", v, body->in);
        line (out, indent + 1, "%s++", counter);
        body->in_loop = TRUE;
        process (body, indent + 1, v);
        body->in_loop = FALSE;
        line (out, indent, "}");
        if (random_percent (random, 50))
          value_print (body, indent, counter);
        else
          decide (body, indent, counter);
      }
      break;
    case RECEIVE_ASSIGN_OK:
      line (out, indent, "var %s int", v);
      line (out, indent, "var ok%d bool", n);
      line (out, indent, "for k := 0; k < %d; k++ {", count);
      line (out, indent + 1, "%s, ok%d = <-%s", v, n, body->in);
      line (out, indent + 1, "if !ok%d {", n);
      line (out, indent + 2, "break");
      line (out, indent + 1, "}");
      body->in_loop = TRUE;
      process (body, indent + 1, v);
      body->in_loop = FALSE;
      line (out, indent, "}");
      if (random_percent (random, 30))
        value_print (body, indent, v);   /* the last value, or 0 */
      break;
    }
  if (body->wait_group_member && !defer_done)
    line (out, indent, "wg.Done()");
}

/* COPIES workers from IN to OUT_CH: go stageN(i, in, out), go func(id int)
   {...}(i) or go func() {...}(); each receives about PER values. */
static void
spawn_stage (Values *values, GString *main_body, int indent, const char *in, const char *out_ch,
             gboolean out_result, int copies, int per, gboolean wait_group_member,
             const char *shared_main)
{
  Random *random = values->random;
  gboolean named = random_percent (random, 45);
  gboolean with_id = copies > 1 || random_percent (random, 35);
  gboolean closure_parameters = !named && random_percent (random, 30);
  gboolean shared_parameter = shared_main && values->shared == SHARED_POINTER;
  int roll = random_below (random, 100);
  ReceiveStyle style;
  gboolean defer_done = random_percent (random, 65);
  GString *body_text = g_string_new (NULL);
  Body body;
  int body_indent;
  const char *id_argument;
  char id_constant[8];

  if (roll < 20)
    style = per == 1 ? RECEIVE_ONCE : RECEIVE_COUNT;
  else if (roll < 38)
    style = RECEIVE_RANGE;
  else if (roll < 48)
    style = RECEIVE_COUNT;
  else if (roll < 58)
    style = RECEIVE_OK;
  else if (roll < 66)
    style = RECEIVE_SELECT;
  else if (roll < 74)
    style = per == 1 ? RECEIVE_SELECT_ASSIGN : RECEIVE_ASSIGN_OK;
  else if (roll < 82)
    style = RECEIVE_COUNTING;
  else if (roll < 90)
    style = RECEIVE_ASSIGN_OK;
  else
    /* a timer per iteration, in each copy: many states */
    style = copies > 1 ? RECEIVE_RANGE : RECEIVE_FOR_SELECT;
  if (style == RECEIVE_FOR_SELECT)
    defer_done = TRUE;
  if (named && values->shared == SHARED_CAPTURED)
    shared_main = NULL;           /* a named function cannot see main's locals */

  memset (&body, 0, sizeof body);
  body.values = values;
  body.out = body_text;
  body.id = with_id ? "id" : NULL;
  body.out_result = out_result;
  body.forward = TRUE;
  body.may_close = random_percent (random, 50);
  body.wait_group_member = wait_group_member;
  if (named || closure_parameters)
    {
      body.in = "in";
      body.out_ch = "out";
      body.shared = shared_main ? (shared_parameter ? "st" : shared_main) : NULL;
    }
  else
    {
      body.in = in;
      body.out_ch = out_ch;
      body.shared = shared_main;
    }
  g_snprintf (id_constant, sizeof id_constant, "%d", random_below (random, 3));
  id_argument = copies > 1 ? "i" : id_constant;
  body_indent = named ? 1 : indent + (copies > 1 ? 2 : 1);
  worker_body (&body, body_indent, style, per, defer_done);

  {
    const char *elem = out_result ? "result" : "int";
    gboolean directed = random_percent (random, 60);
    GString *parameters = g_string_new (NULL);
    GString *arguments = g_string_new (NULL);
    if (with_id)
      {
        g_string_append (parameters, "id int");
        g_string_append (arguments, id_argument);
      }
    if (named || closure_parameters)
      {
        g_string_append_printf (parameters, "%sin %schan int, out chan%s %s", with_id ? ", " : "",
                                directed ? "<-" : "", directed ? "<-" : "", elem);
        g_string_append_printf (arguments, "%s%s, %s", with_id ? ", " : "", in, out_ch);
        if (body.shared && shared_parameter)
          {
            g_string_append (parameters, ", st *state");
            g_string_append_printf (arguments, ", %s", shared_main);
          }
      }
    if (copies > 1)
      line (main_body, indent, "for i := 0; i < %d; i++ {", copies);
    if (named)
      {
        int number = ++values->next_function;
        g_string_append_printf (values->functions, "func stage%d(%s) {\n%s}\n\n",
                                number, parameters->str, body_text->str);
        line (main_body, indent + (copies > 1), "go stage%d(%s)", number, arguments->str);
      }
    else
      {
        line (main_body, indent + (copies > 1), "go func(%s) {", parameters->str);
        g_string_append (main_body, body_text->str);
        line (main_body, indent + (copies > 1), "}(%s)", arguments->str);
      }
    if (copies > 1)
      line (main_body, indent, "}");
    g_string_free (parameters, TRUE);
    g_string_free (arguments, TRUE);
  }
  values->goroutines += copies;
  g_string_free (body_text, TRUE);
}

/* Main sends COUNT values on JOBS, maybe from a goroutine, maybe closes it. */
static void
write_feed (Values *values, GString *main_body, int indent, const char *jobs, int count,
            gboolean close_after, gboolean from_goroutine)
{
  Random *random = values->random;
  int at = indent, i;
  if (from_goroutine)
    {
      line (main_body, indent, "go func() {");
      at = indent + 1;
      values->goroutines++;
    }
  if (count > 1 && random_percent (random, 55))
    {
      static const char *const expressions[] = {
        "i", "i + 1", "i * 2", "3 - i", "(i + %d) %% 3", "i*i + %d",
      };
      char expression[32];
      const char *form = expressions[random_below (random, G_N_ELEMENTS (expressions))];
      g_snprintf (expression, sizeof expression, form, 1 + random_below (random, 2));
      line (main_body, at, "for i := 0; i < %d; i++ {", count);
      line (main_body, at + 1, "%s <- %s", jobs, expression);
      line (main_body, at, "}");
    }
  else
    for (i = 0; i < count; i++)
      {
        int value = random_percent (random, 15) ? 0 : 1 + random_below (random, 3);
        if (random_percent (random, 20))
          {
            int n = value_fresh (values);
            line (main_body, at, "x%d := %d", n, value);
            line (main_body, at, "%s <- x%d*%d - 1", jobs, n, 1 + random_below (random, 2));
          }
        else
          line (main_body, at, "%s <- %d", jobs, value);
      }
  if (close_after)
    line (main_body, at, "close(%s)", jobs);
  if (from_goroutine)
    line (main_body, indent, "}()");
}

/* Main takes COUNT results from RESULTS and decides on them. */
static void
write_collect (Values *values, GString *main_body, int indent, const char *results,
               gboolean result_structs, int count, gboolean by_range, Body *main_scope)
{
  Random *random = values->random;
  Body body = *main_scope;
  char r[24], value[32];
  int n = value_fresh (values), roll = random_below (random, 100), i;
  body.out = main_body;
  body.in = results;
  g_snprintf (r, sizeof r, "r%d", n);
  g_snprintf (value, sizeof value, result_structs ? "%s.n" : "%s", r);
  if (by_range)
    {
      line (main_body, indent, "for %s := range %s {", r, results);
      body.in_loop = TRUE;
      if (result_structs && random_percent (random, 40))
        {
          values->uses_fmt = TRUE;
          line (main_body, indent + 1, "fmt.Println(%s.id)", r);
        }
      process (&body, indent + 1, value);
      line (main_body, indent, "}");
    }
  else if (roll < 25 && !result_structs)
    {
      /* only the sum decides */
      line (main_body, indent, "sum%d := 0", n);
      line (main_body, indent, "for k := 0; k < %d; k++ {", count);
      line (main_body, indent + 1, "sum%d += <-%s", n, results);
      line (main_body, indent, "}");
      g_snprintf (r, sizeof r, "sum%d", n);
      process (&body, indent, r);
    }
  else if (roll < 55)
    {
      line (main_body, indent, "for k := 0; k < %d; k++ {", count);
      if (!values->uses_time && random_percent (random, 25))
        {
          /* not where the workers have timers already: too many states */
          values->uses_time = TRUE;
          line (main_body, indent + 1, "select {");
          line (main_body, indent + 1, "case %s := <-%s:", r, results);
          body.in_loop = TRUE;
          process (&body, indent + 2, value);
          line (main_body, indent + 1, "case <-time.After(time.Second):");
          line (main_body, indent + 1, "}");
        }
      else
        {
          line (main_body, indent + 1, "%s := <-%s", r, results);
          body.in_loop = TRUE;
          process (&body, indent + 1, value);
        }
      line (main_body, indent, "}");
    }
  else
    for (i = 0; i < count; i++)
      {
        char ri[24], valuei[32];
        int m = value_fresh (values);
        g_snprintf (ri, sizeof ri, "r%d", m);
        g_snprintf (valuei, sizeof valuei, result_structs ? "%s.n" : "%s", ri);
        line (main_body, indent, "%s := <-%s", ri, results);
        if (result_structs && random_percent (random, 30))
          {
            values->uses_fmt = TRUE;
            line (main_body, indent, "fmt.Println(%s.id)", ri);
          }
        process (&body, indent, valuei);
      }
}

/* Reads the shared state after the workers and decides on it. */
static void
shared_read (Values *values, GString *main_body, int indent, Body *main_scope, const char *shared)
{
  Random *random = values->random;
  Body body = *main_scope;
  int n = value_fresh (values);
  body.out = main_body;
  body.in_loop = FALSE;
  if (values->shared_locked)
    line (main_body, indent, "mu.Lock()");
  switch (values->shared)
    {
    case SHARED_GLOBAL:
      line (main_body, indent, "y%d := last", n);
      break;
    case SHARED_POINTER:
      switch (random_below (random, 3))
        {
        case 0: line (main_body, indent, "y%d := %s.total", n, shared); break;
        case 1: line (main_body, indent, "y%d := len(%s.seen)", n, shared); break;
        default: line (main_body, indent, "y%d := len(%s.vals)", n, shared);
        }
      break;
    default:
      line (main_body, indent, "y%d := %s", n, shared);
    }
  if (values->shared_locked)
    line (main_body, indent, "mu.Unlock()");
  {
    char y[24];
    g_snprintf (y, sizeof y, "y%d", n);
    if (random_percent (random, 80))
      decide (&body, indent, y);
    else
      value_print (&body, indent, y);
  }
}

/* A server answers requests: job{n, reply}; main asks once or twice. */
static void
write_service (Values *values, GString *main_body, int indent, Body *main_scope)
{
  Random *random = values->random;
  int asks = 1 + random_below (random, 2);
  gboolean ranged = random_percent (random, 60);
  Body body;
  int n = value_fresh (values), i;
  char v[24];
  need (values, DECL_JOB);
  memset (&body, 0, sizeof body);
  body.values = values;
  body.out = main_body;
  body.out_ch = "j.reply";
  body.in = "requests";
  body.forward = TRUE;
  body.may_close = random_percent (random, 30);
  g_snprintf (v, sizeof v, "j.n");
  line (main_body, indent, "requests := make(chan job%s)", random_percent (random, 40) ? ", 1" : "");
  line (main_body, indent, "go func() {");
  if (ranged)
    {
      line (main_body, indent + 1, "for j := range requests {");
      body.in_loop = TRUE;
      process (&body, indent + 2, v);
      line (main_body, indent + 1, "}");
    }
  else
    {
      int k;
      for (k = 0; k < asks; k++)
        {
          line (main_body, indent + 1, "{");
          line (main_body, indent + 2, "j := <-requests");
          process (&body, indent + 2, v);
          line (main_body, indent + 1, "}");
        }
    }
  line (main_body, indent, "}()");
  values->goroutines++;
  line (main_body, indent, "reply%d := make(chan int%s)", n, random_percent (random, 50) ? ", 1" : "");
  for (i = 0; i < asks; i++)
    {
      Body ask = *main_scope;
      char answer[24];
      int m = value_fresh (values);
      ask.out = main_body;
      ask.in = NULL;
      ask.in_loop = FALSE;
      line (main_body, indent, "requests <- job{n: %d, reply: reply%d}", random_below (random, 4), n);
      g_snprintf (answer, sizeof answer, "a%d", m);
      line (main_body, indent, "%s := <-reply%d", answer, n);
      process (&ask, indent, answer);
    }
  if (ranged && random_percent (random, 60))
    line (main_body, indent, "close(requests)");
}

/* Two goroutines started with a value send on left and right; a select
   takes one and decides. */
static void
write_race (Values *values, GString *main_body, int indent, Body *main_scope)
{
  Random *random = values->random;
  Body body, chooser = *main_scope;
  int side, n = value_fresh (values);
  const char *names[2] = { "left", "right" };
  for (side = 0; side < 2; side++)
    line (main_body, indent, "%s := make(chan int%s)", names[side],
          random_percent (random, 50) ? ", 1" : "");
  for (side = 0; side < 2; side++)
    {
      memset (&body, 0, sizeof body);
      body.values = values;
      body.out = main_body;
      body.out_ch = names[side];
      body.forward = TRUE;
      body.id = "x";
      line (main_body, indent, "go func(x int) {");
      if (random_percent (random, 50))
        {
          char condition[96];
          value_condition (&body, "x", condition, sizeof condition);
          line (main_body, indent + 1, "if %s {", condition);
          line (main_body, indent + 2, "return");
          line (main_body, indent + 1, "}");
        }
      body.id = NULL;
      process (&body, indent + 1, "x");
      line (main_body, indent, "}(%d)", random_below (random, 4));
      values->goroutines++;
    }
  chooser.out = main_body;
  chooser.in = NULL;
  chooser.in_loop = FALSE;
  if (random_percent (random, 35))
    {
      /* the value chooses the channel */
      need (values, DECL_CHOOSE);
      line (main_body, indent, "first%d := <-left", n);
      line (main_body, indent, "<-choose(first%d, left, right)", n);
      return;
    }
  line (main_body, indent, "select {");
  for (side = 0; side < 2; side++)
    {
      char x[24];
      g_snprintf (x, sizeof x, "t%d", value_fresh (values));
      line (main_body, indent, "case %s := <-%s:", x, names[side]);
      process (&chooser, indent + 1, x);
    }
  line (main_body, indent, "}");
}

/* Main hands a reference (a *box, a slice, a map, an interface) to a
   goroutine, which computes from what it references and writes back
   there or answers; main decides on what it then finds. */
static void
write_handoff (Values *values, GString *main_body, int indent, Body *main_scope)
{
  Random *random = values->random;
  Body body, after = *main_scope;
  int n = value_fresh (values), kind = random_below (random, 4);
  int k1 = random_below (random, 4), k2 = 1 + random_below (random, 3);
  char w[24], read[48];
  const char *type, *received, *source, *target;
  char made[64];
  memset (&body, 0, sizeof body);
  body.values = values;
  body.out = main_body;
  after.out = main_body;
  after.in = NULL;
  after.in_loop = FALSE;
  switch (kind)
    {
    case 0:
      need (values, DECL_BOX);
      type = "*box";
      g_snprintf (made, sizeof made, "&box{n: %d, tag: %d}", k1, k2);
      received = "h";
      source = "h.n";
      target = "h.tag";
      g_snprintf (read, sizeof read, "held%d.%s", n, random_percent (random, 60) ? "tag" : "n");
      break;
    case 1:
      type = "[]int";
      g_snprintf (made, sizeof made, "[]int{%d, %d}", k1, k2);
      received = "h";
      source = random_percent (random, 50) ? "h[0]" : "h[1]";
      target = "h[0]";
      g_snprintf (read, sizeof read, "held%d[0]", n);
      break;
    case 2:
      type = "map[int]int";
      g_snprintf (made, sizeof made, "map[int]int{1: %d}", k1);
      received = "h";
      source = "h[1]";
      target = random_percent (random, 50) ? "h[2]" : "h[1]";
      if (random_percent (random, 50))
        g_snprintf (read, sizeof read, "len(held%d)", n);
      else
        g_snprintf (read, sizeof read, "held%d[%d]", n, 1 + random_below (random, 2));
      break;
    default:
      need (values, DECL_VALUER);
      type = "valuer";
      g_snprintf (made, sizeof made, "%sbox{n: %d}", random_percent (random, 50) ? "&" : "", k1);
      received = "h";
      source = "h.value()";
      target = NULL;           /* answers on done */
      read[0] = '\0';
    }
  line (main_body, indent, "handoff%d := make(chan %s%s)", n, type,
        random_percent (random, 50) ? ", 1" : "");
  line (main_body, indent, "done%d := make(chan int)", n);
  line (main_body, indent, "go func() {");
  line (main_body, indent + 1, "%s := <-handoff%d", received, n);
  if (target == NULL)
    {
      line (main_body, indent + 1, "x := %s", source);
      source = "x";
    }
  carry (&body, indent + 1, source, w, sizeof w);
  if (target)
    line (main_body, indent + 1, "%s = %s", target, w);
  if (random_percent (random, 50))
    decide (&body, indent + 1, w);
  if (target && random_percent (random, 60))
    line (main_body, indent + 1, "close(done%d)", n);
  else
    line (main_body, indent + 1, "done%d <- %s", n, w);
  line (main_body, indent, "}()");
  values->goroutines++;
  line (main_body, indent, "held%d := %s", n, made);
  line (main_body, indent, "handoff%d <- held%d", n, n);
  if (kind == 0 && random_percent (random, 30))
    line (main_body, indent, "held%d.n = %d", n, k2);   /* races with the goroutine */
  {
    char answer[24];
    g_snprintf (answer, sizeof answer, "d%d", n);
    line (main_body, indent, "%s := <-done%d", answer, n);
    if (read[0] && random_percent (random, 70))
      {
        char y[24];
        g_snprintf (y, sizeof y, "y%d", n);
        line (main_body, indent, "%s := %s", y, read);
        if (random_percent (random, 50))
          value_print (&after, indent, answer);
        else
          line (main_body, indent, "_ = %s", answer);
        process (&after, indent, y);
      }
    else
      {
        if (read[0])
          line (main_body, indent, "_ = held%d", n);
        process (&after, indent, answer);
      }
  }
}

/* A struct sent by value: an int, an array (copied), a pointer to a box
   (shared).  The receiver decides on some of it, writes to its copy and to
   the box, and answers; main decides on the answer or on the box. */
static void
write_packet (Values *values, GString *main_body, int indent, Body *main_scope)
{
  Random *random = values->random;
  Body body, after = *main_scope;
  int n = value_fresh (values), i;
  static const char *const fields[] = { "p.seq", "p.vals[0]", "p.vals[1]", "p.meta.n" };
  const char *source = fields[random_below (random, G_N_ELEMENTS (fields))];
  char w[24], answer[24];
  gboolean used = FALSE;
  need (values, DECL_PACKET);
  memset (&body, 0, sizeof body);
  body.values = values;
  body.out = main_body;
  after.out = main_body;
  after.in = NULL;
  after.in_loop = FALSE;
  line (main_body, indent, "meta%d := &box{n: %d}", n, random_below (random, 4));
  line (main_body, indent, "packets%d := make(chan packet%s)", n, random_percent (random, 50) ? ", 1" : "");
  line (main_body, indent, "back%d := make(chan int%s)", n, random_percent (random, 50) ? ", 1" : "");
  line (main_body, indent, "go func() {");
  line (main_body, indent + 1, "p := <-packets%d", n);
  if (random_percent (random, 40))
    value_print (&body, indent + 1, fields[random_below (random, G_N_ELEMENTS (fields))]);
  carry (&body, indent + 1, source, w, sizeof w);
  if (random_percent (random, 40))
    {
      line (main_body, indent + 1, "p.vals[%d] = %s", random_below (random, 2), w);   /* its copy */
      used = TRUE;
    }
  if (random_percent (random, 40))
    {
      line (main_body, indent + 1, "p.meta.%s = %s", random_percent (random, 50) ? "n" : "tag", w);
      used = TRUE;
    }
  if (random_percent (random, 50))
    {
      decide (&body, indent + 1, w);
      used = TRUE;
    }
  line (main_body, indent + 1, "back%d <- %s", n, !used || random_percent (random, 50) ? w
        : fields[random_below (random, G_N_ELEMENTS (fields))]);
  line (main_body, indent, "}()");
  values->goroutines++;
  line (main_body, indent, "vals%d := [2]int{%d, %d}", n, random_below (random, 4), random_below (random, 4));
  line (main_body, indent, "packets%d <- packet{seq: %d, vals: vals%d, meta: meta%d}", n,
        random_below (random, 4), n, n);
  for (i = 0; i < 2; i++)
    if (random_percent (random, 25))
      {
        /* after the send: the array was copied, the box is shared */
        if (i == 0)
          line (main_body, indent, "vals%d[%d] = %d", n, random_below (random, 2), random_below (random, 4));
        else
          line (main_body, indent, "meta%d.n = %d", n, random_below (random, 4));
      }
  g_snprintf (answer, sizeof answer, "b%d", n);
  line (main_body, indent, "%s := <-back%d", answer, n);
  if (random_percent (random, 40))
    {
      char y[32];
      g_snprintf (y, sizeof y, random_percent (random, 50) ? "meta%d.n" : "vals%d[0]", n);
      if (random_percent (random, 50))
        value_print (&after, indent, answer);
      else
        line (main_body, indent, "_ = %s", answer);
      process (&after, indent, y);
    }
  else
    process (&after, indent, answer);
}

static char *
write_value_program (Random *random, guint64 seed, int number)
{
  Values values;
  GString *text = g_string_new (NULL);
  GString *main_body = g_string_new (NULL);
  GString *channels = g_string_new (NULL);
  Body main_scope;
  int stages = random_percent (random, 25) ? 2 : 1;
  int copies = random_percent (random, stages == 2 ? 15 : 40) ? 2 : 1;
  int per = 1 + random_below (random, 2);
  int count = copies * per;
  gboolean result_structs = random_percent (random, 20);
  gboolean close_jobs = random_percent (random, 55);
  gboolean feeder = random_percent (random, 40);
  gboolean by_range;
  const char *shared_main = NULL;
  const char *last_out;

  memset (&values, 0, sizeof values);
  values.random = random;
  values.decls = g_string_new (NULL);
  values.functions = g_string_new (NULL);
  if (count > 3)
    count = 3;
  if (result_structs)
    need (&values, DECL_RESULT);
  values.wait_group = random_percent (random, 35);
  by_range = values.wait_group && random_percent (random, 60);
  if (values.wait_group)
    need (&values, DECL_WAIT_GROUP);

  switch (random_below (random, 6))
    {
    case 0:
      values.shared = SHARED_GLOBAL;
      need (&values, DECL_LAST);
      shared_main = "last";
      break;
    case 1:
      values.shared = SHARED_POINTER;
      need (&values, DECL_STATE);
      line (channels, 1, "st := &state{seen: map[int]int{}}");
      shared_main = "st";
      break;
    case 2:
      values.shared = SHARED_CAPTURED;
      line (channels, 1, "got := 0");
      shared_main = "got";
      break;
    default:
      values.shared = SHARED_NONE;
    }
  if (values.shared != SHARED_NONE && random_percent (random, 50))
    {
      values.shared_locked = TRUE;
      need (&values, DECL_MUTEX);
    }

  memset (&main_scope, 0, sizeof main_scope);
  main_scope.values = &values;
  main_scope.is_main = TRUE;
  main_scope.out_ch = "jobs";
  main_scope.may_close = !close_jobs && random_percent (random, 30);

  line (channels, 1, "jobs := make(chan int%s)", random_percent (random, 50) ? ", 1" : "");
  if (stages == 2)
    line (channels, 1, "mid := make(chan int%s)", random_percent (random, 50) ? ", 1" : "");
  line (channels, 1, "results := make(chan %s%s)", result_structs ? "result" : "int",
        random_percent (random, 40) ? ", 1" : "");

  main_scope.out = main_body;
  if (random_percent (random, 10))
    write_recover (&main_scope, 1);
  if (values.wait_group)
    line (main_body, 1, "wg.Add(%d)", copies + (random_percent (random, 8) ? 1 : 0));
  if (stages == 2)
    {
      spawn_stage (&values, main_body, 1, "jobs", "mid", FALSE, 1, count, FALSE, NULL);
      last_out = "mid";
    }
  else
    last_out = "jobs";
  spawn_stage (&values, main_body, 1, last_out, "results", result_structs, copies, per,
               values.wait_group, shared_main);
  if (by_range)
    {
      line (main_body, 1, "go func() {");
      line (main_body, 2, "wg.Wait()");
      line (main_body, 2, "close(results)");
      line (main_body, 1, "}()");
      values.goroutines++;
    }
  if (random_percent (random, 15))
    count += random_percent (random, 50) || count == 1 ? 1 : -1;
  if (feeder && values.goroutines + 1 > 4)
    feeder = FALSE;
  write_feed (&values, main_body, 1, "jobs", count, close_jobs || by_range, feeder);
  write_collect (&values, main_body, 1, "results", result_structs, count, by_range, &main_scope);
  if (values.wait_group && !by_range && random_percent (random, 40))
    line (main_body, 1, "wg.Wait()");
  if (shared_main && random_percent (random, 75))
    shared_read (&values, main_body, 1, &main_scope, shared_main);
  else if (values.shared == SHARED_POINTER || values.shared == SHARED_CAPTURED)
    line (main_body, 1, "_ = %s", shared_main);   /* declared in main: must be used */
  if (values.goroutines <= 3 && random_percent (random, 20))
    write_service (&values, main_body, 1, &main_scope);
  else if (values.goroutines <= 2 && random_percent (random, 25))
    write_race (&values, main_body, 1, &main_scope);
  else if (values.goroutines <= 3 && random_percent (random, 25))
    write_handoff (&values, main_body, 1, &main_scope);
  else if (values.goroutines <= 3 && random_percent (random, 25))
    write_packet (&values, main_body, 1, &main_scope);

  g_string_append_printf (text, "// Generated by tests/gen_programs %" G_GUINT64_FORMAT
                          " (program %d, values).\n", seed, number);
  g_string_append (text, "package main\n\n");
  {
    const char *imports[4];
    int n_imports = 0, i;
    if (values.uses_fmt)
      imports[n_imports++] = "fmt";
    if (values.uses_sync)
      imports[n_imports++] = "sync";
    if (values.uses_atomic)
      imports[n_imports++] = "sync/atomic";
    if (values.uses_time)
      imports[n_imports++] = "time";
    if (n_imports == 1)
      g_string_append_printf (text, "import \"%s\"\n\n", imports[0]);
    else if (n_imports > 1)
      {
        g_string_append (text, "import (\n");
        for (i = 0; i < n_imports; i++)
          g_string_append_printf (text, "\t\"%s\"\n", imports[i]);
        g_string_append (text, ")\n\n");
      }
  }
  g_string_append (text, values.decls->str);
  g_string_append (text, values.functions->str);
  g_string_append (text, "func main() {\n");
  g_string_append (text, channels->str);
  g_string_append (text, main_body->str);
  g_string_append (text, "}\n");
  g_string_free (channels, TRUE);
  g_string_free (main_body, TRUE);
  g_string_free (values.decls, TRUE);
  g_string_free (values.functions, TRUE);
  return g_string_free (text, FALSE);
}

int
main (int argc, char **argv)
{
  guint64 seed;
  int count, number;
  char *end = NULL;
  if (argc != 4)
    {
      fprintf (stderr, "usage: %s SEED COUNT OUTDIR\n", argv[0]);
      return 2;
    }
  seed = g_ascii_strtoull (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0')
    {
      fprintf (stderr, "%s: SEED must be a number, not %s\n", argv[0], argv[1]);
      return 2;
    }
  count = (int) strtol (argv[2], &end, 10);
  if (end == argv[2] || *end != '\0' || count < 0)
    {
      fprintf (stderr, "%s: COUNT must be a number, at least 0, not %s\n", argv[0], argv[2]);
      return 2;
    }
  if (g_mkdir_with_parents (argv[3], 0755) != 0)
    {
      fprintf (stderr, "%s: cannot create %s\n", argv[0], argv[3]);
      return 2;
    }
  for (number = 1; number <= count; number++)
    {
      Program program;
      GError *error = NULL;
      char *text, *name, *path;
      Random kind;
      memset (&program, 0, sizeof program);
      /* each program its own stream: K does not depend on COUNT */
      program.random.state = seed * 0x100000001b3ULL + (guint64) number;
      random_next (&program.random);
      /* the kind from a stream of its own: the other programs are those
         written before value programs existed */
      kind.state = (seed * 0x100000001b3ULL + (guint64) number) ^ 0x5eed0f7a1e5ULL;
      if (random_percent (&kind, VALUE_PROGRAM_PERCENT))
        text = write_value_program (&program.random, seed, number);
      else
        {
          plan_program (&program);
          text = write_program (&program, seed, number);
        }
      name = g_strdup_printf ("rand-%" G_GUINT64_FORMAT "-%d.chan", seed, number);
      path = g_build_filename (argv[3], name, NULL);
      if (!g_file_set_contents (path, text, -1, &error))
        {
          fprintf (stderr, "%s: %s\n", argv[0], error->message);
          g_error_free (error);
          return 2;
        }
      g_free (path);
      g_free (name);
      g_free (text);
    }
  return 0;
}
