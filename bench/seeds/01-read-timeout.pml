/* Promela twin of 01-read-timeout.chan (written by hand).
 * Read starts a goroutine that sleeps and then sends Get(url) on an
 * unbuffered channel, and selects between that channel and time.After.
 * A timer is a process that may send at any time into a buffered channel of
 * size 1 (time.After's channel). When the timer wins, main (Read) returns and
 * the sender is blocked forever on its send: SPIN reports an invalid end
 * state, the leak chancheck reports at 26:3. */

chan ch = [0] of { byte };	/* chan *Response; the *Response is opaque: 1 */
chan after = [1] of { bit };	/* time.After(timeout).C */

proctype sender() {
	skip;	/* time.Sleep(300 ms): a scheduling point */
	ch!1	/* ch <- Get(url) */
}

proctype timer() {
	after!1	/* fires at any moment */
}

init {
	byte res;
	run sender();
	run timer();	/* time.After(timeout) is evaluated when the select starts */
	if
	:: ch?res
	:: after?_ -> res = 2	/* res = &Response{"Gateway timeout\n", 504} */
	fi
	/* fmt.Println(res.StatusCode): opaque */
}
