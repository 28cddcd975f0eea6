package dev.thaw.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code thaw bench}'s results as a console table, {@code report.json} and a self-contained
 * {@code report.html} (inline SVG bar chart of cold-start medians with min–max whiskers, no network).
 *
 * @param results one per configuration, in report order
 * @param command the command line as given
 * @param date when the bench ran (ISO-8601)
 * @param cores the machine's processors as the JVM sees them
 * @param jdk the java version that ran the functions
 * @param request what was sent, such as {@code GET /users/42 (v2)}
 * @param runs measured environments per configuration
 * @param warm warm invocations
 * @param cpus the CPUs each function was limited to ({@code --cpu}), or 0 for none
 */
record BenchReport(
        List<BenchResult> results,
        String command,
        String date,
        int cores,
        String jdk,
        String request,
        int runs,
        int warm,
        double cpus) {

    BenchReport {
        results = List.copyOf(results);
    }

    /** Returns the ratio of {@code result}'s cold median to its floor's (same cache state), or NaN. */
    double ratio(BenchResult result) {
        for (BenchResult other : results) {
            if (other.config() == result.config().reference() && other.available() && result.available()) {
                return BenchStats.median(result.cold()) / BenchStats.median(other.cold());
            }
        }
        return Double.NaN;
    }

    /** Returns the table printed at the end of a bench, one row per configuration. */
    String table() {
        String[] header = {"config", "init ms", "cold ms (min-max)", "x floor", "warm p50/p99 ms", "RSS MB", "classes"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (BenchResult result : results) {
            if (!result.available()) {
                rows.add(new String[] {result.config().label(), "not available: " + result.unavailable()});
                continue;
            }
            BenchStats cold = BenchStats.of(result.cold());
            double ratio = ratio(result);
            rows.add(new String[] {
                result.config().label(),
                fixed(BenchStats.median(result.init()), 1),
                fixed(cold.median(), 1) + " (" + fixed(cold.min(), 1) + "-" + fixed(cold.max(), 1) + ")",
                Double.isNaN(ratio) ? "-" : fixed(ratio, 2),
                fixed(result.warmP50(), 3) + "/" + fixed(result.warmP99(), 3),
                fixed(BenchStats.median(result.rssMb()), 0),
                result.classes() < 0 ? "-" : Long.toString(result.classes())
            });
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            int columns = row.length == header.length ? row.length : 1;
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // the first column lines up in every row, including "not available" ones
                line.append(i == row.length - 1 && i > 0 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Returns {@code report.json}'s content as a JSON tree (maps, lists, numbers, strings). */
    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("date", date);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", cores);
        machine.put("jdk", jdk);
        // the CPUs each function process was limited to (a cgroup quota), null when not limited
        machine.put("cpusPerFunction", cpus > 0 ? cpus : null);
        root.put("machine", machine);
        root.put("request", request);
        root.put("runs", runs);
        root.put("warmInvocations", warm);
        List<Object> configs = new ArrayList<>();
        for (BenchResult result : results) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("config", result.config().label());
            config.put("available", result.available());
            if (!result.available()) {
                config.put("unavailable", result.unavailable());
            } else {
                config.put("initMs", stats(result.init()));
                config.put("coldMs", stats(result.cold()));
                config.put("coldSamplesMs", samples(result.cold()));
                double ratio = ratio(result);
                config.put("ratioToFloor", Double.isNaN(ratio) ? null : round(ratio, 3));
                config.put("warmP50Ms", round(result.warmP50(), 4));
                config.put("warmP99Ms", round(result.warmP99(), 4));
                config.put("warmP50PerRunMs", stats(result.warmP50s()));
                config.put("warmSamplesMs", samples(result.warm()));
                config.put("warmPerSecond", result.warmPerSecond() < 0 ? null : round(result.warmPerSecond(), 1));
                config.put("peakRssMb", stats(result.rssMb()));
                config.put("classes", result.classes() < 0 ? null : result.classes());
            }
            configs.add(config);
        }
        root.put("configs", configs);
        return root;
    }

    /** Returns {@code report.html}: the chart, the table, the machine, the date and the command line. */
    String html() {
        StringBuilder page = new StringBuilder(8192);
        page.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>thaw bench</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
                table { border-collapse: collapse; margin-top: 1em; }
                th, td { padding: 0.3em 0.8em; border-bottom: 1px solid #ddd; text-align: right; }
                th:first-child, td:first-child { text-align: left; }
                code { background: #f4f4f4; padding: 0.1em 0.3em; }
                .meta { color: #555; }
                </style>
                </head>
                <body>
                <h1>thaw bench: cold start</h1>
                """);
        page.append("<p class=\"meta\">")
                .append(escape(request))
                .append(", ")
                .append(runs)
                .append(" runs per configuration, warm latency over ")
                .append(warm)
                .append(" invocations. Cold = process start to the first response posted to the Runtime API.</p>\n");
        page.append(chart());
        page.append(
                "<table>\n<tr><th>config</th><th>init ms</th><th>cold ms median</th><th>min–max</th>"
                        + "<th>× floor</th><th>warm p50 ms</th><th>warm p99 ms</th><th>peak RSS MB</th><th>classes</th></tr>\n");
        for (BenchResult result : results) {
            page.append("<tr><td>").append(escape(result.config().label())).append("</td>");
            if (!result.available()) {
                page.append("<td colspan=\"8\" style=\"text-align:left\">not available: ")
                        .append(escape(result.unavailable()))
                        .append("</td></tr>\n");
                continue;
            }
            BenchStats cold = BenchStats.of(result.cold());
            double ratio = ratio(result);
            cell(page, fixed(BenchStats.median(result.init()), 1));
            cell(page, fixed(cold.median(), 1));
            cell(page, fixed(cold.min(), 1) + "–" + fixed(cold.max(), 1));
            cell(page, Double.isNaN(ratio) ? "–" : fixed(ratio, 2));
            cell(page, fixed(result.warmP50(), 3));
            cell(page, fixed(result.warmP99(), 3));
            cell(page, fixed(BenchStats.median(result.rssMb()), 0));
            cell(page, result.classes() < 0 ? "–" : Long.toString(result.classes()));
            page.append("</tr>\n");
        }
        page.append("</table>\n<p class=\"meta\">Machine: ")
                .append(cores)
                .append(" cores, JDK ")
                .append(escape(jdk))
                .append(". Date: ")
                .append(escape(date))
                .append(".<br>Command: <code>")
                .append(escape(command))
                .append("</code></p>\n</body>\n</html>\n");
        return page.toString();
    }

    /** Returns the SVG chart: one bar per measured configuration (cold median) with a min–max whisker. */
    String chart() {
        List<BenchResult> measured = new ArrayList<>();
        double top = 0;
        for (BenchResult result : results) {
            if (result.available()) {
                measured.add(result);
                top = Math.max(top, BenchStats.of(result.cold()).max());
            }
        }
        int barWidth = 90;
        int gap = 40;
        int left = 60;
        int plotHeight = 300;
        int width = left + Math.max(1, measured.size()) * (barWidth + gap) + gap;
        int height = plotHeight + 70;
        double scale = top <= 0 ? 0 : plotHeight / (top * 1.1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\""
                        + " aria-label=\"cold start median per configuration, ms\">\n",
                width,
                height));
        int baseline = plotHeight + 20;
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n"
                        + "<text x=\"10\" y=\"14\" font-size=\"12\" fill=\"#555\">cold ms</text>\n",
                left,
                left,
                baseline,
                left,
                baseline,
                width - 10,
                baseline));
        for (int tick = 0; tick <= 4; tick++) {
            double value = top * 1.1 * tick / 4;
            double y = baseline - value * scale;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">%.0f</text>\n",
                    left - 6,
                    y + 4,
                    value));
        }
        for (int i = 0; i < measured.size(); i++) {
            BenchResult result = measured.get(i);
            BenchStats cold = BenchStats.of(result.cold());
            double x = left + gap + i * (barWidth + gap);
            double barTop = baseline - cold.median() * scale;
            String colour = result.config().isFloor() ? "#9aa5b1" : "#2f6fb3";
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                            + "<title>%s: %.1f ms</title></rect>\n",
                    x,
                    barTop,
                    barWidth,
                    baseline - barTop,
                    colour,
                    escape(result.config().label()),
                    cold.median()));
            double centre = x + barWidth / 2.0;
            double yMin = baseline - cold.min() * scale;
            double yMax = baseline - cold.max() * scale;
            svg.append(String.format(
                    Locale.ROOT,
                    "<g class=\"whisker\" stroke=\"#222\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                            + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                            + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>\n",
                    centre,
                    yMin,
                    centre,
                    yMax,
                    centre - 10,
                    yMin,
                    centre + 10,
                    yMin,
                    centre - 10,
                    yMax,
                    centre + 10,
                    yMax));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">%.1f</text>\n"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">%s</text>\n",
                    centre + 22,
                    barTop - 4,
                    cold.median(),
                    centre,
                    baseline + 18,
                    escape(result.config().label())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void cell(StringBuilder page, String text) {
        page.append("<td>").append(escape(text)).append("</td>");
    }

    private static Map<String, Object> stats(double[] values) {
        BenchStats stats = BenchStats.of(values);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("median", round(stats.median(), 3));
        map.put("min", round(stats.min(), 3));
        map.put("max", round(stats.max(), 3));
        return map;
    }

    private static List<Object> samples(double[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(round(value, 3));
        }
        return list;
    }

    private static double round(double value, int digits) {
        double factor = Math.pow(10, digits);
        return Math.round(value * factor) / factor;
    }

    static String fixed(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
