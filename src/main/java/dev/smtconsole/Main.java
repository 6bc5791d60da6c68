package dev.smtconsole;

import dev.smtconsole.cli.SmtCli;

/** Entry point: no arguments opens the console; anything else is the command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = SmtCli.run(args);
        } catch (OutOfMemoryError e) {
            // Out of memory again while closing, or before the command line could take it: still one line.
            code = SmtCli.outOfMemory(e, java.util.Arrays.asList(args).contains("--verbose"));
        }
        if (code != SmtCli.KEEP_RUNNING) System.exit(code);
    }
}
