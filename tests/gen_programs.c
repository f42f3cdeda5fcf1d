/* tests/gen_programs.c -- random small Go programs for the crosscheck.
 * Owns: `gen_programs SEED COUNT OUTDIR`, which writes COUNT programs
 * OUTDIR/rand-SEED-K.chan (K = 1..COUNT), the same bytes for the same SEED
 * on every machine (its own random generator, not GLib's or libc's).
 * A program is built as a set of protocols between parties (main and 2 to 4
 * goroutines): value transfers, close signals, stop channels of ticker and
 * spin loops, a WaitGroup, a Mutex, a shared counter; then a few
 * perturbations (a dropped or reordered operation, a second close, a count
 * off by one, a forgotten Unlock...) turn many of them into leaks,
 * deadlocks, panics and runaway goroutines.  Every program is valid Go:
 * only what is used is declared or imported.
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
      memset (&program, 0, sizeof program);
      /* each program its own stream: K does not depend on COUNT */
      program.random.state = seed * 0x100000001b3ULL + (guint64) number;
      random_next (&program.random);
      plan_program (&program);
      text = write_program (&program, seed, number);
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
