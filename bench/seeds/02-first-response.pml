/* Promela twin of 02-first-response.chan (written by hand).
 * Two goroutines send their answer on one unbuffered channel that
 * firstResponse reads once: the slower one is blocked forever on its send.
 * SPIN reports an invalid end state; chancheck reports leaks at 15:14 and
 * 16:14 (either racer can be the slow one). */

chan ch = [0] of { byte };	/* chan string; the answers are opaque */

proctype google() {
	ch!1	/* ch <- request("Google") */
}

proctype bing() {
	ch!2	/* ch <- request("Bing") */
}

init {
	byte r;
	run google();
	run bing();
	ch?r	/* return <-ch */
	/* fmt.Println: opaque */
}
