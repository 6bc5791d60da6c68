package dev.smtconsole;

import dev.smtconsole.cli.SmtCli;

/** Entry point: no arguments opens the console; anything else is the command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = SmtCli.run(args);
        if (code != SmtCli.KEEP_RUNNING) System.exit(code);
    }
}
