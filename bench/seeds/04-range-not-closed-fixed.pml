/* Promela twin of 04-range-not-closed-fixed.chan (written by hand).
 * main sends three lines on an unbuffered channel to a printer goroutine that
 * ranges over it, then closes the channel, so the printer's range ends. */

chan lines = [0] of { byte };	/* chan string */
bool lines_closed = false;

proctype printer() {
	byte line;
	do
	:: lines?line		/* fmt.Println(line) */
	:: lines_closed -> break
	od
}

init {
	byte i;
	run printer();
	for (i : 0 .. 2) {
		lines!i	/* lines <- fmt.Sprintf("line %d", i) */
	}
	lines_closed = true	/* close(lines) */
}
