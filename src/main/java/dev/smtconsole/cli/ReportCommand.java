package dev.smtconsole.cli;

import dev.smtconsole.app.AppException;
import dev.smtconsole.app.ReportService;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.FormText;
import dev.smtconsole.report.InOutReport;
import dev.smtconsole.report.InOutRow;
import dev.smtconsole.report.ProductionReport;
import dev.smtconsole.report.ProductionRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", description = "The paper forms from data: 生产数据记录表 (production) and 产品出/入数记录表 (inout); device values (values).",
        subcommands = {ReportCommand.Production.class, ReportCommand.InOut.class, ReportCommand.Values.class})
final class ReportCommand {
    @ParentCommand
    SmtCli root;

    /** Options shared by both forms. */
    static final class Period {
        @Option(names = "--line", required = true, paramLabel = "CODE", split = ",",
                description = "Line code; repeat or separate by commas for one sheet per line.")
        List<String> lines;
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First production day.")
        String from;
        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last production day (inclusive).")
        String to;
        @Option(names = "--csv", paramLabel = "FILE", description = "Write the machine-readable CSV (UTF-8).")
        Path csv;
        @Option(names = "--xlsx", paramLabel = "FILE", description = "Write the Excel form.")
        Path xlsx;
        @Option(names = "--template", paramLabel = "FILE", description = "Fill this .xlsx form (placeholders: docs/REPORTS.md) instead of the built-in layout; implies --xlsx.")
        Path template;
        @Option(names = "--date-style", defaultValue = "paper", paramLabel = "paper|iso",
                description = "Dates in the Excel form: paper (1.8.26) or iso (2026-01-08). Default ${DEFAULT-VALUE}.")
        String dateStyle;

        LocalDate day(String name, String value) {
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new AppException(name + " '" + value + "' is not a date: write YYYY-MM-DD");
            }
        }

        Path xlsxTarget() {
            if (template != null && !Files.isRegularFile(template)) throw new AppException("--template " + template + ": no such file");
            if (template != null && xlsx == null) throw new AppException("--template needs --xlsx FILE for the filled form");
            return xlsx;
        }
    }

    @Command(name = "production", description = "生产数据记录表: one row per job and production day, picks and placements per machine.")
    static final class Production implements Callable<Integer> {
        @ParentCommand
        ReportCommand parent;
        @Spec
        CommandSpec spec;
        @Mixin
        Period p;
        @Option(names = "--job", paramLabel = "TEXT", description = "Only jobs whose number or product model contains TEXT.")
        String job;

        @Override
        public Integer call() {
            ReportService reports = parent.root.services().reports();
            LocalDate from = p.day("--from", p.from), to = p.day("--to", p.to);
            Path xlsx = p.xlsxTarget();
            List<ProductionReport> all = new ArrayList<>();
            for (String line : p.lines) all.add(reports.production(line, from, to, job));
            PrintWriter out = spec.commandLine().getOut();
            if (p.csv != null) {
                reports.writeProductionCsv(all, p.csv);
                out.println("wrote " + p.csv);
            }
            if (xlsx != null) {
                reports.writeProductionXlsx(all, xlsx, DateStyle.parse(p.dateStyle), p.template);
                out.println("wrote " + xlsx);
            }
            if (p.csv == null && xlsx == null) print(out, all, DateStyle.parse(p.dateStyle));
            for (ProductionReport r : all) {
                out.printf("line %s %s..%s: %d rows, quantity %d%n", r.lineCode(), r.from(), r.to(), r.rows().size(), r.totalQuantity());
                // Counts held without a job are in no row: said beside the form, never lost from sight (ADR 0027).
                for (ReportService.WithoutJob w : reports.withoutJob(r.lineCode(), from, to)) {
                    out.printf("line %s: %s (smt-console unassigned list --line %s)%n", r.lineCode(),
                            w.text(java.util.Locale.ENGLISH), r.lineCode());
                }
            }
            return 0;
        }

        private static void print(PrintWriter out, List<ProductionReport> all, DateStyle style) {
            for (ProductionReport r : all) {
                out.println("LINE: " + r.lineCode() + "   " + style.format(r.from()) + " – " + style.format(r.to()));
                out.printf("%-9s %-22s %-10s %7s %-10s %6s %6s  %s%n", "date", "model", "job", "qty", "checkers", "start",
                        "end", "picks / placements per machine");
                for (ProductionRow row : r.rows()) {
                    out.printf("%-9s %-22s %-10s %7d %-10s %6s %6s  %s / %s%s%n", style.format(row.day()),
                            row.productModel() == null ? "" : row.productModel(), row.jobNo(), row.quantity(), row.checkers(),
                            FormText.time(row.start(), row.day(), r.zone()), FormText.time(row.end(), row.day(), r.zone()),
                            String.join(" ", row.machines().stream().map(m -> Long.toString(m.picks())).toList()),
                            String.join(" ", row.machines().stream().map(m -> Long.toString(m.placements())).toList()),
                            row.flagged() ? "  [check: typed figure disagrees with machine data]" : "");
                }
                List<String> loss = new ArrayList<>();
                for (int m = 0; m < r.machineCodes().size(); m++) {
                    loss.add(r.machineCodes().get(m) + " " + dev.smtconsole.domain.LossRate.format(r.totalLossRate(m)));
                }
                out.println("total quantity " + r.totalQuantity() + "; loss rate " + String.join(", ", loss));
                out.println();
            }
        }
    }

    @Command(name = "inout", description = "产品出/入数记录表: IN rows with IN TOTAL and 入仓累计 derived.")
    static final class InOut implements Callable<Integer> {
        @ParentCommand
        ReportCommand parent;
        @Spec
        CommandSpec spec;
        @Mixin
        Period p;

        @Override
        public Integer call() {
            ReportService reports = parent.root.services().reports();
            LocalDate from = p.day("--from", p.from), to = p.day("--to", p.to);
            Path xlsx = p.xlsxTarget();
            List<InOutReport> all = new ArrayList<>();
            for (String line : p.lines) all.add(reports.inOut(line, from, to));
            PrintWriter out = spec.commandLine().getOut();
            if (p.csv != null) {
                reports.writeInOutCsv(all, p.csv);
                out.println("wrote " + p.csv);
            }
            if (xlsx != null) {
                reports.writeInOutXlsx(all, xlsx, DateStyle.parse(p.dateStyle), p.template);
                out.println("wrote " + xlsx);
            }
            if (p.csv == null && xlsx == null) {
                for (InOutReport r : all) {
                    out.println("LINE: " + r.lineCode());
                    for (InOutRow row : r.rows()) {
                        out.printf("%s %s %-10s IN %6d  IN TOTAL %7d  BY %-8s 入仓累计 %7d  %s%n", row.entry().date(),
                                row.entry().time(), row.entry().jobNo() == null ? "" : row.entry().jobNo(), row.entry().inQty(),
                                row.inTotal(), row.entry().signedBy() == null ? "" : row.entry().signedBy(),
                                row.warehouseTotal(), row.entry().remark() == null ? "" : row.entry().remark());
                    }
                }
            }
            for (InOutReport r : all) {
                out.printf("line %s %s..%s: %d rows, IN %d%n", r.lineCode(), r.from(), r.to(), r.rows().size(), r.totalIn());
            }
            return 0;
        }
    }

    @Command(name = "values", description = "Device values that are not counters (a peak temperature), as the gateway stored them.")
    static final class Values implements Callable<Integer> {
        @ParentCommand
        ReportCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--line", required = true, paramLabel = "CODE", description = "Line code.")
        String line;
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First production day.")
        String from;
        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last production day (inclusive).")
        String to;
        @Option(names = "--csv", paramLabel = "FILE", description = "Write them as CSV (UTF-8) instead of printing them.")
        Path csv;

        @Override
        public Integer call() {
            var values = parent.root.services().deviceData();
            Period p = new Period();
            List<dev.smtconsole.domain.DeviceValueRow> rows = values.values(line, p.day("--from", from), p.day("--to", to));
            PrintWriter out = spec.commandLine().getOut();
            if (csv != null) {
                values.writeValuesCsv(line, rows, csv);
                out.println("wrote " + csv);
            } else {
                for (var r : rows) {
                    out.printf("%s %-10s %-10s %-24s %s%s%n", r.collectedAt(), r.machineCode() == null ? "" : r.machineCode(),
                            r.jobNo() == null ? "" : r.jobNo(), r.spec(), r.valueText(), r.unit() == null ? "" : " " + r.unit());
                }
            }
            out.printf("line %s %s..%s: %d values%n", line, from, to, rows.size());
            return 0;
        }
    }
}
