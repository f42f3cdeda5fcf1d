/* checker/main.c -- the chancheck command.
 * Owns: options (GOptionContext), reading files, running the pipeline
 * (parse, check, lower, explore, findings, report) per file and entry, and
 * the exit status (SPEC 4).  Not: any of the pipeline's stages.  The only
 * file that may exit. */
#include <stdio.h>
#include <string.h>
#include <glib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "config.h"
#include "lang/parse.h"
#include "lang/check.h"
#include "lang/lower.h"
#include "checker/report.h"

/* Exit statuses, SPEC 4; over several runs the strongest wins (2, 1, 3, 0). */
typedef enum {
  CHAN_EXIT_VERIFIED = 0,
  CHAN_EXIT_FINDINGS = 1,
  CHAN_EXIT_BAD_INPUT = 2,
  CHAN_EXIT_INCOMPLETE = 3,
} ChanExit;

static int
exit_strength (ChanExit e)
{
  switch (e)
    {
    case CHAN_EXIT_BAD_INPUT: return 3;
    case CHAN_EXIT_FINDINGS: return 2;
    case CHAN_EXIT_INCOMPLETE: return 1;
    default: return 0;
    }
}

static ChanExit
stronger (ChanExit a, ChanExit b)
{
  return exit_strength (a) >= exit_strength (b) ? a : b;
}

typedef struct {
  char *entry;
  char *format;
  char *dump;
  gint64 max_states;
  gint max_depth;
  gint max_goroutines;
  gint range_bound;
  gdouble time_limit;
  gboolean no_reduce;
  gboolean fast_traces;
  gint threads;
  gboolean version;
} Options;

static void
print_error (const GError *error)
{
  fprintf (stderr, "%s\n", error->message);
}

/* --dump=states: every state with its goroutines and edges. */
static void
dump_states (const ChanExec *exec, const ChanGraph *g, GString *out)
{
  ChanState *s = chan_state_new (exec->model);
  for (uint32_t v = 0; v < g->n_states; v++)
    {
      chan_graph_state (g, v, s);
      g_string_append_printf (out, "state %u depth %u parent %u flags %u%s objects %d\n", v,
                              chan_graph_depth (g, v),
                              g->parent[v], g->flags[v] & ~CHAN_STATE_EDGES, s->crash ? " crashed" : "",
                              s->n_objects);
      for (int i = 0; i < s->n_goroutines; i++)
        {
          const ChanGoroutine *gr = &s->goroutines[i];
          const ChanFrame *f = &gr->frames[gr->n_frames - 1];
          const ChanInstr *in = chan_model_instr (exec->model, chan_exec_rest_instr (s, i));
          g_string_append_printf (out, "  g[%d] %s pc %d phase %d wait %d: %s %s\n", i,
                                  chan_model_func (exec->model, f->func)->name, f->pc, gr->phase,
                                  gr->wait, chan_opcode_name (in->op),
                                  chan_model_string (exec->model, in->text));
        }
      {
        ChanEdge ed;
        for (uint64_t at = 0; chan_graph_edge (g, v, &at, &ed);)
          g_string_append_printf (out, "  -> %u by transition %u\n", ed.target, ed.choice);
      }
    }
  chan_state_free (s);
}

/* Checks one entry of a parsed, checked file. */
static ChanExit
check_entry (ChanNode *file, const char *filename, const char *entry, const Options *o, GString *out)
{
  g_autoptr (GError) error = NULL;
  ChanModel *model = chan_lower_file (file, filename, entry, &error);
  ChanExec exec;
  ChanBounds bounds = { 0 };
  ChanGraph *graph;
  GPtrArray *findings;
  ChanRun run;
  ChanExit result;

  if (model == NULL)
    {
      print_error (error);
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o->dump && strcmp (o->dump, "model") == 0)
    {
      chan_model_dump (model, out);
      chan_model_free (model);
      return CHAN_EXIT_VERIFIED;
    }
  chan_exec_init (&exec, model);
  if (o->max_goroutines > 0)
    exec.max_goroutines = o->max_goroutines;
  if (o->range_bound >= 0)
    exec.unknown_range_bound = o->range_bound;
  exec.symmetry = !o->no_reduce;
  exec.partial_order = !o->no_reduce;
  exec.untracked = !o->no_reduce;
  bounds.max_states = (uint64_t) o->max_states;
  bounds.max_depth = (uint32_t) o->max_depth;
  bounds.time_limit = o->time_limit;
  bounds.threads = o->threads;
  graph = chan_explore (&exec, &bounds);
  if (o->dump && strcmp (o->dump, "states") == 0)
    {
      dump_states (&exec, graph, out);
      chan_graph_free (graph);
      chan_model_free (model);
      return CHAN_EXIT_VERIFIED;
    }
  findings = chan_findings_compute (&exec, graph);
  run.reduced_traces = FALSE;
  if (findings->len > 0 && exec.partial_order)
    {
      /* The reduced graph keeps every finding but not always the shortest
         path to it (SPEC 3): search again without partial-order reduction,
         and report from that graph unless it hits a bound the reduced
         search did not (or --fast-traces). */
      const int search_bounds = CHAN_BOUND_STATES | CHAN_BOUND_DEPTH | CHAN_BOUND_TIME;
      ChanExec full = exec;
      ChanBounds full_bounds = bounds;
      ChanGraph *full_graph = NULL;
      full.partial_order = FALSE;
      if (bounds.time_limit > 0)
        full_bounds.time_limit = MAX (bounds.time_limit - graph->seconds, 0.001);
      if (!o->fast_traces && !(graph->bounds_hit & search_bounds))
        full_graph = chan_explore (&full, &full_bounds);
      if (full_graph != NULL && (full_graph->bounds_hit & ~graph->bounds_hit) == 0)
        {
          full_graph->seconds += graph->seconds;
          chan_graph_free (graph);
          g_ptr_array_free (findings, TRUE);
          graph = full_graph;
          exec = full;
          findings = chan_findings_compute (&exec, graph);
        }
      else
        {
          chan_graph_free (full_graph);
          run.reduced_traces = TRUE;
        }
    }
  run.model = model;
  run.exec = &exec;
  run.graph = graph;
  run.findings = findings;
  run.entry = entry;
  run.complete = graph->bounds_hit == 0;
  if (o->format && strcmp (o->format, "json") == 0)
    chan_report_json (&run, out);
  else
    chan_report_text (&run, out);
  result = findings->len ? CHAN_EXIT_FINDINGS : run.complete ? CHAN_EXIT_VERIFIED : CHAN_EXIT_INCOMPLETE;
  g_ptr_array_free (findings, TRUE);
  chan_graph_free (graph);
  chan_model_free (model);
  return result;
}

static ChanExit
check_file (const char *filename, const Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  ChanNode *file = NULL;
  ChanExit result = CHAN_EXIT_VERIFIED;
  GPtrArray *entries;
  GString *out;

  if (!g_file_get_contents (filename, &text, &len, &error))
    {
      fprintf (stderr, "chancheck: %s\n", error->message);
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o->dump && strcmp (o->dump, "tokens") == 0)
    {
      GString *toks = g_string_new (NULL);
      gboolean ok = chan_parse_dump_tokens (filename, text, len, toks, &error);
      fputs (toks->str, stdout);
      g_string_free (toks, TRUE);
      if (!ok)
        {
          print_error (error);
          return CHAN_EXIT_BAD_INPUT;
        }
      return CHAN_EXIT_VERIFIED;
    }
  if (!chan_parse_buffer (filename, text, len, &file, &error))
    {
      print_error (error);
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o->dump && strcmp (o->dump, "ast") == 0)
    {
      GString *dump = g_string_new (NULL);
      chan_node_dump (file, dump);
      fputs (dump->str, stdout);
      g_string_free (dump, TRUE);
      chan_node_free (file);
      return CHAN_EXIT_VERIFIED;
    }
  if (!chan_check_file (file, filename, &error))
    {
      print_error (error);
      chan_node_free (file);
      return CHAN_EXIT_BAD_INPUT;
    }
  entries = g_ptr_array_new_with_free_func (g_free);
  if (o->entry)
    g_ptr_array_add (entries, g_strdup (o->entry));
  else
    chan_lower_default_entries (file, entries);
  if (entries->len == 0)
    {
      fprintf (stderr, "%s:1:1: no entry: the file has no func main() and no TestXxx function; "
               "add one or name the function to start from with --entry NAME\n", filename);
      result = CHAN_EXIT_BAD_INPUT;
    }
  out = g_string_new (NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      result = stronger (result, check_entry (file, filename, g_ptr_array_index (entries, i), o, out));
      fputs (out->str, stdout);
      fflush (stdout);
      g_string_truncate (out, 0);
    }
  g_string_free (out, TRUE);
  g_ptr_array_free (entries, TRUE);
  chan_node_free (file);
  return result;
}

static int run_main (int argc, char **argv, Options *o);

int
main (int argc, char **argv)
{
  Options o = { .max_states = 3000000, .max_goroutines = 64, .range_bound = 2 };
  /* GOption reads "-j2" as options j and 2: split a short option's attached
     value ("-j2" -> "-j" "2", also -e and -f) as users expect.  OWNED keeps
     the strings; ARGS is the array GOption rearranges. */
  GPtrArray *owned = g_ptr_array_new_with_free_func (g_free);
  char **args = g_new0 (char *, 2 * (size_t) argc + 1);
  int n_args = 0, status;
  gboolean after_dashes = FALSE;
#ifdef __GLIBC__
  /* The store and the graph are a few large arrays grown by realloc.  From
     mmap, they grow without copying and go back to the system when freed;
     glibc's dynamic threshold (up to 32 MiB) would put them in the heap,
     where each old copy stays resident: a third more memory at the peak. */
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
#endif
  for (int i = 0; i < argc; i++)
    {
      const char *a = argv[i];
      if (i > 0 && !after_dashes && a[0] == '-' && strchr ("jef", a[1]) != NULL && a[1] != '\0'
          && a[2] != '\0')
        {
          g_ptr_array_add (owned, g_strndup (a, 2));
          g_ptr_array_add (owned, g_strdup (a + 2));
        }
      else
        g_ptr_array_add (owned, g_strdup (a));
      after_dashes |= i > 0 && strcmp (a, "--") == 0;
    }
  for (guint i = 0; i < owned->len; i++)
    args[n_args++] = g_ptr_array_index (owned, i);
  status = run_main (n_args, args, &o);
  g_free (args);
  g_ptr_array_free (owned, TRUE);
  g_free (o.entry);
  g_free (o.format);
  g_free (o.dump);
  return status;
}

static int
run_main (int argc, char **argv, Options *op)
{
#define o (*op)
  GOptionEntry entries[] = {
    { "entry", 'e', 0, G_OPTION_ARG_STRING, &o.entry,
      "Function to start from (default: main, else every TestXxx)", "NAME" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, "Report format: text (default) or json", "FORMAT" },
    { "max-states", 0, 0, G_OPTION_ARG_INT64, &o.max_states,
      "Stop after this many states (default 3000000; 0: no bound)", "N" },
    { "max-depth", 0, 0, G_OPTION_ARG_INT, &o.max_depth,
      "Do not expand states deeper than N steps (default: no bound)", "N" },
    { "max-goroutines", 0, 0, G_OPTION_ARG_INT, &o.max_goroutines,
      "Live goroutines at most (default 64)", "N" },
    { "time-limit", 0, 0, G_OPTION_ARG_DOUBLE, &o.time_limit,
      "Stop the search after this many seconds (default: none)", "SECONDS" },
    { "range-bound", 0, 0, G_OPTION_ARG_INT, &o.range_bound,
      "Iterations of a range over an unknown collection (default 2)", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o.threads,
      "Worker threads (default: the number of cores); findings and traces do not depend on it", "N" },
    { "no-reduce", 0, 0, G_OPTION_ARG_NONE, &o.no_reduce,
      "Turn every reduction off (symmetry of identical goroutines, partial-order reduction, untracked values)", NULL },
    { "fast-traces", 0, 0, G_OPTION_ARG_NONE, &o.fast_traces,
      "With findings, keep the traces of the reduced search (not always the shortest) "
      "instead of searching again without partial-order reduction", NULL },
    { "dump", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &o.dump,
      "Print a phase: tokens, ast, model or states", "PHASE" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o.version, "Print the version", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE.chan...");
  g_autoptr (GError) error = NULL;
  ChanExit result = CHAN_EXIT_VERIFIED;

  g_option_context_set_summary (context,
    "Explores every interleaving of a Go program's goroutines and reports goroutine\n"
    "leaks, deadlocks, panics and runaway goroutines, each with its shortest trace.\n"
    "Exit status: 0 verified, 1 findings, 2 bad input or usage, 3 incomplete search.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "chancheck: %s (see chancheck --help)\n", error->message);
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o.version)
    {
      printf ("chancheck %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (o.format && strcmp (o.format, "json") != 0 && strcmp (o.format, "text") != 0)
    {
      fprintf (stderr, "chancheck: unknown --format '%s': write --format=text or --format=json\n", o.format);
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o.dump && strcmp (o.dump, "tokens") != 0 && strcmp (o.dump, "ast") != 0 && strcmp (o.dump, "model") != 0
      && strcmp (o.dump, "states") != 0)
    {
      fprintf (stderr, "chancheck: unknown --dump '%s': write tokens, ast or model\n", o.dump);
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o.max_states < 0 || o.max_depth < 0 || o.max_goroutines < 1 || !(o.time_limit >= 0)
      || o.range_bound < 0)
    {
      fprintf (stderr, "chancheck: bounds must be positive numbers\n");
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o.threads < 0 || o.threads > 64)
    {
      fprintf (stderr, "chancheck: -j takes a number of threads from 1 to 64\n");
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o.entry && *o.entry == '\0')
    {
      fprintf (stderr, "chancheck: --entry needs a function name (--entry NAME)\n");
      return CHAN_EXIT_BAD_INPUT;
    }
  if (o.threads <= 0)
    o.threads = (int) g_get_num_processors ();
  if (argc < 2)
    {
      fprintf (stderr, "chancheck: no input file: write chancheck FILE.chan (see chancheck --help)\n");
      return CHAN_EXIT_BAD_INPUT;
    }
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--") != 0)
      result = stronger (result, check_file (argv[i], &o));
  return result;
#undef o
}
